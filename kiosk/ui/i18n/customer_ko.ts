<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>Customer</name>
    <message>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
    <message>
        <source>Photo Latte</source>
        <translation>포토 라테</translation>
    </message>
</context>
<context>
    <name>CustomerAttract</name>
    <message>
        <source>Your face on your latte</source>
        <translation>내 얼굴을 라테 위에</translation>
    </message>
    <message>
        <source>Choose a drink, smile, and we draw your portrait in cocoa and cinnamon on the milk foam.</source>
        <translation>음료를 고르고 웃어 주세요. 우유 거품 위에 코코아와 시나몬으로 얼굴을 그려 드려요.</translation>
    </message>
    <message>
        <source>Touch to start</source>
        <translation>눌러서 시작하기</translation>
    </message>
    <message>
        <source>Accessible mode: on</source>
        <translation>접근성 모드: 켜짐</translation>
    </message>
    <message>
        <source>Accessible mode</source>
        <translation>접근성 모드</translation>
    </message>
    <message>
        <source>Larger text, high contrast, buttons within reach</source>
        <translation>큰 글씨, 고대비, 손 닿는 곳에 버튼</translation>
    </message>
    <message>
        <source>Ready to collect at the counter</source>
        <translation>카운터에서 받아 가세요</translation>
    </message>
</context>
<context>
    <name>CustomerCamera</name>
    <message>
        <source>Look at the camera and smile</source>
        <translation>카메라를 보고 웃어 주세요</translation>
    </message>
    <message>
        <source>Put your face in the oval</source>
        <translation>얼굴을 타원 안에 맞춰 주세요</translation>
    </message>
    <message>
        <source>Your latte, live</source>
        <translation>내 라테 미리 보기</translation>
    </message>
    <message>
        <source>Take my photo</source>
        <translation>사진 찍기</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>카메라를 켜고 있어요…</translation>
    </message>
    <message>
        <source>We cannot see your face yet: move into the oval.</source>
        <translation>아직 얼굴이 보이지 않아요. 타원 안으로 들어와 주세요.</translation>
    </message>
    <message>
        <source>No photos left</source>
        <translation>남은 사진 없음</translation>
    </message>
    <message>
        <source>You have used all your photos: please choose a design.</source>
        <translation>사진을 모두 사용했어요. 그림을 골라 주세요.</translation>
    </message>
    <message>
        <source>No photo, use a design</source>
        <translation>사진 없이 그림으로</translation>
    </message>
    <message>
        <source>The camera is not available right now.</source>
        <translation>지금은 카메라를 쓸 수 없어요.</translation>
    </message>
    <message>
        <source>Please press Retry. If it still does not work, choose a design instead: your drink is the same.</source>
        <translation>다시 시도를 눌러 주세요. 그래도 안 되면 그림을 골라 주세요. 음료는 똑같아요.</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <source>Choose a design instead</source>
        <translation>대신 그림 고르기</translation>
    </message>
    <message>
        <source>Use a photo from my phone</source>
        <translation>휴대폰 사진 쓰기</translation>
    </message>
    <message>
        <source>One photo, no retakes.</source>
        <translation>한 번만 찍을 수 있어요.</translation>
    </message>
    <message>
        <source>You can retake it once.</source>
        <translation>한 번 다시 찍을 수 있어요.</translation>
    </message>
    <message>
        <source>You can retake it {count} times.</source>
        <translation>{count}번 다시 찍을 수 있어요.</translation>
    </message>
    <message>
        <source>Retake {number} of {count}</source>
        <translation>다시 찍기 {number}/{count}</translation>
    </message>
</context>
<context>
    <name>CustomerConsent</name>
    <message>
        <source>May we take your photo?</source>
        <translation>사진을 찍어도 될까요?</translation>
    </message>
    <message>
        <source>What: one photo of your face, taken by the camera above this screen.</source>
        <translation>무엇을: 이 화면 위의 카메라로 얼굴 사진 한 장을 찍어요.</translation>
    </message>
    <message>
        <source>What: one photo of your face, taken by the camera above this screen or sent from your phone.</source>
        <translation>무엇을: 이 화면 위의 카메라로 찍거나 휴대폰에서 보낸 얼굴 사진 한 장을 써요.</translation>
    </message>
    <message>
        <source>Why: only to draw your portrait in powder on this one drink. No face recognition, nothing shared.</source>
        <translation>왜: 이 음료 한 잔에 가루로 얼굴을 그리는 데에만 써요. 얼굴 인식도, 공유도 하지 않아요.</translation>
    </message>
    <message>
        <source>How long: the photo stays in this kiosk&apos;s memory and is never saved. The powder pattern made from it is deleted when your drink is served, or after {minutes} minutes at the latest.</source>
        <translation>얼마나: 사진은 키오스크 메모리에만 있고 저장되지 않아요. 사진으로 만든 가루 무늬는 음료가 나가면 지워지고, 늦어도 {minutes}분 뒤에는 지워져요.</translation>
    </message>
    <message>
        <source>Saying no costs nothing: you get the same drink with a heart, a leaf or a message on top.</source>
        <translation>거절해도 괜찮아요. 같은 음료에 하트, 나뭇잎, 글자를 올려 드려요.</translation>
    </message>
    <message>
        <source>Your photo is never saved. The powder pattern made from it is kept until your drink is served, {minutes} minutes at most. Prefer no photo? Choose a heart, a leaf or a message.</source>
        <translation>사진은 저장하지 않아요. 사진으로 만든 가루 무늬는 음료가 나갈 때까지, 길어야 {minutes}분 보관해요. 사진이 싫으면 하트, 나뭇잎, 글자를 고르세요.</translation>
    </message>
    <message>
        <source>Yes, take my photo</source>
        <translation>네, 사진 찍을게요</translation>
    </message>
    <message>
        <source>Use a photo from my phone</source>
        <translation>휴대폰 사진 쓰기</translation>
    </message>
    <message>
        <source>No photo, choose a design</source>
        <translation>사진 없이 그림 고르기</translation>
    </message>
</context>
<context>
    <name>CustomerDesigns</name>
    <message>
        <source>Heart</source>
        <translation>하트</translation>
    </message>
    <message>
        <source>Leaf</source>
        <translation>나뭇잎</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>글자</translation>
    </message>
    <message>
        <source>Choose a design</source>
        <translation>그림을 골라 주세요</translation>
    </message>
    <message>
        <source>No photo needed: we print one of these on your drink.</source>
        <translation>사진이 없어도 돼요. 이 중 하나를 음료 위에 그려 드려요.</translation>
    </message>
    <message>
        <source>Thank you</source>
        <translation>감사합니다</translation>
    </message>
</context>
<context>
    <name>CustomerIdle</name>
    <message>
        <source>Are you still there?</source>
        <translation>아직 계신가요?</translation>
    </message>
    <message>
        <source>We will start over in {seconds} seconds and delete your photo.</source>
        <translation>{seconds}초 뒤에 처음으로 돌아가고 사진을 지울게요.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>계속하기</translation>
    </message>
</context>
<context>
    <name>CustomerMenu</name>
    <message>
        <source>Choose your drink</source>
        <translation>음료를 골라 주세요</translation>
    </message>
    <message>
        <source>The menu is empty today. Please ask at the counter.</source>
        <translation>오늘은 메뉴가 비어 있어요. 카운터에 문의해 주세요.</translation>
    </message>
</context>
<context>
    <name>CustomerOpeningSoon</name>
    <message>
        <source>Opening soon</source>
        <translation>곧 문을 엽니다</translation>
    </message>
    <message>
        <source>Sorry, this kiosk is not taking orders yet. Please order at the counter.</source>
        <translation>죄송합니다. 이 키오스크는 아직 주문을 받지 않습니다. 카운터에서 주문해 주세요.</translation>
    </message>
</context>
<context>
    <name>CustomerPhone</name>
    <message>
        <source>This code works for {time}.</source>
        <translation>이 코드는 {time} 동안 쓸 수 있어요.</translation>
    </message>
    <message>
        <source>Use a photo from your phone</source>
        <translation>휴대폰 사진 쓰기</translation>
    </message>
    <message>
        <source>1. Join the café Wi-Fi “{wifi}”.</source>
        <translation>1. 카페 와이파이 “{wifi}”에 연결해 주세요.</translation>
    </message>
    <message>
        <source>1. Join this café&apos;s Wi-Fi.</source>
        <translation>1. 이 카페 와이파이에 연결해 주세요.</translation>
    </message>
    <message>
        <source>2. Scan this code with your phone, then pick or take a photo.</source>
        <translation>2. 휴대폰으로 이 코드를 찍고, 사진을 고르거나 찍어 주세요.</translation>
    </message>
    <message>
        <source>This code has expired. Press New code to get another.</source>
        <translation>코드 시간이 지났어요. 새 코드를 눌러 주세요.</translation>
    </message>
    <message>
        <source>Your phone has the page open: choose a photo there.</source>
        <translation>휴대폰에 페이지가 열렸어요. 거기에서 사진을 골라 주세요.</translation>
    </message>
    <message>
        <source>New code</source>
        <translation>새 코드</translation>
    </message>
</context>
<context>
    <name>CustomerReview</name>
    <message>
        <source>All of us</source>
        <extracomment>&quot;All of us&quot; is offered for up to this many faces (with more, one face is tapped). Largest face tile, px (a smaller space shrinks them to :data:`TOUCH_MIN_PX`).</extracomment>
        <translation>모두 함께</translation>
    </message>
    <message>
        <source>Who is on the cup? Tap a face for just that person.</source>
        <translation>누구를 컵에 담을까요? 한 사람만 원하면 얼굴을 누르세요.</translation>
    </message>
    <message>
        <source>Tap the face to print.</source>
        <translation>컵에 담을 얼굴을 누르세요.</translation>
    </message>
    <message>
        <source>Face {number}</source>
        <translation>얼굴 {number}</translation>
    </message>
    <message>
        <source>Darker: {steps}</source>
        <translation>진하게: {steps}</translation>
    </message>
    <message>
        <source>Lighter: {steps}</source>
        <translation>연하게: {steps}</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>보통</translation>
    </message>
    <message>
        <source>This is your latte</source>
        <translation>내 라테는 이렇게 나와요</translation>
    </message>
    <message>
        <source>{drink} · {price}</source>
        <translation>{drink} · {price}</translation>
    </message>
    <message>
        <source>Powder</source>
        <translation>가루</translation>
    </message>
    <message>
        <source>Cocoa</source>
        <translation>코코아</translation>
    </message>
    <message>
        <source>Cinnamon</source>
        <translation>시나몬</translation>
    </message>
    <message>
        <source>Both</source>
        <translation>둘 다</translation>
    </message>
    <message>
        <source>Picture</source>
        <translation>그림 진하기</translation>
    </message>
    <message>
        <source>Lighter</source>
        <translation>더 연하게</translation>
    </message>
    <message>
        <source>Darker</source>
        <translation>더 진하게</translation>
    </message>
    <message>
        <source>Design</source>
        <translation>그림</translation>
    </message>
    <message>
        <source>Send another photo ({count} left)</source>
        <translation>다른 사진 보내기 ({count}번 남음)</translation>
    </message>
    <message>
        <source>Retake photo ({count} left)</source>
        <translation>다시 찍기 ({count}번 남음)</translation>
    </message>
    <message>
        <source>No retakes left</source>
        <translation>다시 찍기 끝</translation>
    </message>
    <message>
        <source>Yes, make my latte</source>
        <translation>좋아요, 이걸로 만들어 주세요</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>처음부터</translation>
    </message>
    <message>
        <source>Use a design instead</source>
        <translation>대신 그림으로 하기</translation>
    </message>
    <message>
        <source>Sending your order…</source>
        <translation>주문을 보내고 있어요…</translation>
    </message>
    <message>
        <source>Drawing your latte…</source>
        <translation>라테 그림을 만들고 있어요…</translation>
    </message>
    <message>
        <source>We could not make a picture from this photo. Please retake it or go back and choose a design.</source>
        <translation>이 사진으로는 그림을 만들지 못했어요. 다시 찍거나 그림을 골라 주세요.</translation>
    </message>
    <message>
        <source>Happy with it? Confirm, and a barista will print it.</source>
        <translation>마음에 드시나요? 확인하면 바리스타가 그려 드려요.</translation>
    </message>
    <message>
        <source>Sorry, we could not take the order. Please ask at the counter.</source>
        <translation>죄송해요, 주문을 받지 못했어요. 카운터에 문의해 주세요.</translation>
    </message>
</context>
<context>
    <name>CustomerScreen</name>
    <message>
        <source>This screen is too small</source>
        <translation>화면이 너무 작아요</translation>
    </message>
    <message>
        <source>Photo Latte needs a screen of at least {min_w}×{min_h} (landscape) or {min_pw}×{min_ph} (portrait); this window is {width}×{height}. Please ask staff to use a larger screen.</source>
        <translation>포토 라테는 가로 {min_w}×{min_h} 또는 세로 {min_pw}×{min_ph} 이상의 화면이 필요해요. 지금 창은 {width}×{height}이에요. 직원에게 더 큰 화면을 요청해 주세요.</translation>
    </message>
</context>
<context>
    <name>CustomerTicket</name>
    <message>
        <source>Thank you!</source>
        <translation>감사합니다!</translation>
    </message>
    <message>
        <source>Your order number</source>
        <translation>주문 번호</translation>
    </message>
    <message>
        <source>{drink} · {price}</source>
        <translation>{drink} · {price}</translation>
    </message>
    <message>
        <source>Paid. Thank you!</source>
        <translation>결제되었습니다. 감사합니다!</translation>
    </message>
    <message>
        <source>Please pay {price} at the counter.</source>
        <translation>카운터에서 {price}을 결제해 주세요.</translation>
    </message>
    <message>
        <source>Please pay at the counter.</source>
        <translation>카운터에서 결제해 주세요.</translation>
    </message>
    <message>
        <source>Ready in about a minute</source>
        <translation>1분 정도 뒤에 나와요</translation>
    </message>
    <message>
        <source>Ready in about {minutes} minutes</source>
        <translation>{minutes}분 정도 뒤에 나와요</translation>
    </message>
    <message>
        <source>A barista prints your latte. When your number shows on the start screen, it is ready at the counter.</source>
        <translation>바리스타가 라테를 인쇄합니다. 첫 화면에 번호가 나오면 카운터에서 받아 가세요.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>완료</translation>
    </message>
</context>
<context>
    <name>KioskShell</name>
    <message>
        <source>Back to the customer screen</source>
        <translation>고객 화면으로 돌아가기</translation>
    </message>
    <message numerus="yes">
        <source>Locking in %n seconds: touch the screen to stay.</source>
        <translation>
            <numerusform>%n초 뒤에 잠깁니다. 계속하려면 화면을 누르세요.</numerusform>
        </translation>
    </message>
    <message>
        <source>Demo kiosk: the staff codes are the factory defaults (barista {barista}, technician {technician}).</source>
        <translation>데모 키오스크: 직원 코드는 공장 기본값입니다(바리스타 {barista}, 기술자 {technician}).</translation>
    </message>
</context>
</TS>
