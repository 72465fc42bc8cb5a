<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>BaristaCalibration</name>
    <message>
        <source>coverage %</source>
        <extracomment>Foam, cinnamon and cocoa as a mask&apos;s picture shows them (RGB).</extracomment>
        <translation>덮임 %</translation>
    </message>
    <message>
        <source>lightness L*</source>
        <translation>밝기 L*</translation>
    </message>
    <message>
        <source>geometry chart</source>
        <translation>위치 차트</translation>
    </message>
    <message>
        <source>tone chart</source>
        <translation>톤 차트</translation>
    </message>
    <message>
        <source>dose chart</source>
        <translation>분량 차트</translation>
    </message>
    <message>
        <source>check target</source>
        <translation>점검 표적</translation>
    </message>
    <message>
        <source>Printing the {chart}…</source>
        <translation>{chart} 인쇄 중…</translation>
    </message>
    <message>
        <source>Taking the photo of the {chart}…</source>
        <translation>{chart} 사진 찍는 중…</translation>
    </message>
    <message>
        <source>The photo could not be used: taking another one…</source>
        <translation>사진을 쓸 수 없습니다: 다시 찍는 중…</translation>
    </message>
    <message>
        <source>Measured the {chart}.</source>
        <translation>{chart} 측정 완료.</translation>
    </message>
    <message>
        <source>The printer is not connected yet: its calibration is not known.</source>
        <translation>프린터가 아직 연결되지 않아 보정 상태를 알 수 없습니다.</translation>
    </message>
    <message>
        <source>The printer reports no serial number, so no calibration can be kept for it. It prints on factory settings.</source>
        <translation>프린터가 일련번호를 보내지 않아 보정을 저장할 수 없습니다. 공장 설정으로 인쇄합니다.</translation>
    </message>
    <message>
        <source>Not calibrated: the printer prints on factory settings. Printing works; calibrate it so pictures land centred and true in tone.</source>
        <translation>보정 안 됨: 프린터가 공장 설정으로 인쇄합니다. 인쇄는 됩니다. 그림이 가운데에 바른 톤으로 찍히도록 보정하세요.</translation>
    </message>
    <message>
        <source>Calibrated on {date} (measured: {sections}).</source>
        <translation>{date}에 보정됨 (측정: {sections}).</translation>
    </message>
    <message>
        <source>The calibration file is damaged: the last good version, saved {date}, is used. Calibrate again.</source>
        <translation>보정 파일이 손상되어 {date}에 저장된 마지막 정상 버전을 씁니다. 다시 보정하세요.</translation>
    </message>
    <message>
        <source>The calibration file is damaged and no good version is left: the printer prints on factory settings. Calibrate again.</source>
        <translation>보정 파일이 손상되었고 정상 버전이 남아 있지 않습니다. 공장 설정으로 인쇄합니다. 다시 보정하세요.</translation>
    </message>
    <message>
        <source>geometry</source>
        <translation>위치</translation>
    </message>
    <message>
        <source>tone</source>
        <translation>톤</translation>
    </message>
    <message>
        <source>dose</source>
        <translation>분량</translation>
    </message>
    <message>
        <source>The photo cannot be read: check the camera.</source>
        <translation>사진을 읽을 수 없습니다: 카메라를 확인하세요.</translation>
    </message>
    <message>
        <source>The photo is too large: set the camera to a smaller size.</source>
        <translation>사진이 너무 큽니다: 카메라를 더 작은 크기로 설정하세요.</translation>
    </message>
    <message>
        <source>No cup found in the photo: the whole cup must be seen from above.</source>
        <translation>사진에서 컵을 찾지 못했습니다: 위에서 컵 전체가 보여야 합니다.</translation>
    </message>
    <message>
        <source>The cup is cut off at the photo&apos;s edge: move the camera back.</source>
        <translation>컵이 사진 가장자리에서 잘렸습니다: 카메라를 뒤로 옮기세요.</translation>
    </message>
    <message>
        <source>The cup is too small in the photo: move the camera closer.</source>
        <translation>사진 속 컵이 너무 작습니다: 카메라를 더 가까이 두세요.</translation>
    </message>
    <message>
        <source>The edge of the foam is not clear: light the cup evenly.</source>
        <translation>거품 가장자리가 분명하지 않습니다: 컵을 고르게 비추세요.</translation>
    </message>
    <message>
        <source>The photo is blurred: hold the camera still and let it focus.</source>
        <translation>사진이 흐립니다: 카메라를 움직이지 말고 초점을 맞추세요.</translation>
    </message>
    <message>
        <source>The photo is too bright: less light, or lower the exposure.</source>
        <translation>사진이 너무 밝습니다: 빛을 줄이거나 노출을 낮추세요.</translation>
    </message>
    <message>
        <source>The photo is too dark: more light, or raise the exposure.</source>
        <translation>사진이 너무 어둡습니다: 빛을 늘리거나 노출을 높이세요.</translation>
    </message>
    <message>
        <source>The chart&apos;s marks are not on the cup ({found} of {needed} found): print the chart on a fresh cup.</source>
        <translation>차트의 표시가 컵에 없습니다 ({needed}개 중 {found}개 찾음): 새 컵에 차트를 인쇄하세요.</translation>
    </message>
    <message>
        <source>The chart&apos;s code cannot be read: print the chart again.</source>
        <translation>차트의 코드를 읽을 수 없습니다: 차트를 다시 인쇄하세요.</translation>
    </message>
    <message>
        <source>This is another chart than the one printed: print it again.</source>
        <translation>인쇄한 것과 다른 차트입니다: 다시 인쇄하세요.</translation>
    </message>
    <message>
        <source>The chart was printed by another machine: print it on this printer.</source>
        <translation>다른 기계에서 인쇄한 차트입니다: 이 프린터로 인쇄하세요.</translation>
    </message>
    <message>
        <source>The stand&apos;s two white marks are not both in the photo: keep them in view.</source>
        <translation>받침대의 흰 표시 두 개가 모두 사진에 있지 않습니다: 둘 다 보이게 하세요.</translation>
    </message>
    <message>
        <source>The marks do not fit well enough ({residual_mm} mm, at most {limit_mm} mm): photograph again, straight from above.</source>
        <translation>표시가 충분히 맞지 않습니다 ({residual_mm} mm, 최대 {limit_mm} mm): 바로 위에서 다시 찍으세요.</translation>
    </message>
    <message>
        <source>A measured value is beyond what a working printer can be off by: check the cup and the print head.</source>
        <translation>측정값이 정상 프린터가 벗어날 수 있는 범위를 넘습니다: 컵과 인쇄 헤드를 확인하세요.</translation>
    </message>
    <message>
        <source>A reflection covers the tone patches: move the light or the camera.</source>
        <translation>반사광이 톤 칸을 가립니다: 조명이나 카메라를 옮기세요.</translation>
    </message>
    <message>
        <source>The tone patches do not darken step by step: photograph again.</source>
        <translation>톤 칸이 단계별로 어두워지지 않습니다: 다시 찍으세요.</translation>
    </message>
    <message>
        <source>The reservoir reading did not go down: check the powder and print again.</source>
        <translation>가루통 무게가 줄지 않았습니다: 가루를 확인하고 다시 인쇄하세요.</translation>
    </message>
    <message>
        <source>No powder weight was read: print the dose chart again.</source>
        <translation>가루 무게를 읽지 못했습니다: 분량 차트를 다시 인쇄하세요.</translation>
    </message>
    <message>
        <source>The photos disagree with each other: photograph again.</source>
        <translation>사진끼리 결과가 다릅니다: 다시 찍으세요.</translation>
    </message>
    <message>
        <source>The printer does not answer: check its power and cable, then try again.</source>
        <translation>프린터가 응답하지 않습니다: 전원과 케이블을 확인한 뒤 다시 하세요.</translation>
    </message>
    <message>
        <source>The printer is busy with another print: wait, then try again.</source>
        <translation>프린터가 다른 인쇄 중입니다: 기다렸다가 다시 하세요.</translation>
    </message>
    <message>
        <source>The printer reports no serial number: its calibration cannot be kept. Call the printer&apos;s maker.</source>
        <translation>프린터가 일련번호를 보내지 않아 보정을 저장할 수 없습니다. 프린터 제조사에 연락하세요.</translation>
    </message>
    <message>
        <source>The chart did not print: {why}</source>
        <translation>차트가 인쇄되지 않았습니다: {why}</translation>
    </message>
    <message>
        <source>The camera gave no photo: {reason}</source>
        <translation>카메라에서 사진을 받지 못했습니다: {reason}</translation>
    </message>
    <message>
        <source>Stopped. Nothing was saved.</source>
        <translation>멈췄습니다. 아무것도 저장하지 않았습니다.</translation>
    </message>
    <message>
        <source>The printer is not calibrated yet: nothing to check against.</source>
        <translation>프린터가 아직 보정되지 않아 점검할 기준이 없습니다.</translation>
    </message>
    <message>
        <source>Another printer answers now ({found}, not {expected}): start again.</source>
        <translation>지금 다른 프린터가 응답합니다 ({expected}이(가) 아닌 {found}): 처음부터 다시 하세요.</translation>
    </message>
    <message>
        <source>Could not write {path}: {reason}. Nothing changed; free some disk space or check the folder, then try again.</source>
        <translation>{path}에 쓰지 못했습니다: {reason}. 바뀐 것은 없습니다. 디스크 공간을 비우거나 폴더를 확인한 뒤 다시 하세요.</translation>
    </message>
    <message>
        <source>That version is no longer kept: open the history again.</source>
        <translation>그 버전은 더 이상 보관되어 있지 않습니다: 기록을 다시 여세요.</translation>
    </message>
    <message>
        <source>The calibration file cannot be used ({code}): calibrate again.</source>
        <translation>보정 파일을 쓸 수 없습니다 ({code}): 다시 보정하세요.</translation>
    </message>
    <message>
        <source>the printer has never been calibrated.</source>
        <translation>프린터가 한 번도 보정되지 않았습니다.</translation>
    </message>
    <message>
        <source>the picture lands {offset_mm} mm off centre (at most {limit_mm} mm).</source>
        <translation>그림이 가운데에서 {offset_mm} mm 벗어나 찍힙니다 (최대 {limit_mm} mm).</translation>
    </message>
    <message>
        <source>the picture lands turned by {rotation_deg}° (at most {limit_deg}°).</source>
        <translation>그림이 {rotation_deg}° 돌아가 찍힙니다 (최대 {limit_deg}°).</translation>
    </message>
    <message>
        <source>the picture lands {scale_pct} % too large or small (at most {limit_pct} %).</source>
        <translation>그림 크기가 {scale_pct} % 어긋나게 찍힙니다 (최대 {limit_pct} %).</translation>
    </message>
    <message>
        <source>the photo of the test cup could not be used: {why}</source>
        <translation>점검 컵 사진을 쓸 수 없습니다: {why}</translation>
    </message>
    <message>
        <source>Not calibrated: printing works, but ask the technician to calibrate.</source>
        <translation>보정 안 됨: 인쇄는 되지만 기술자에게 보정을 부탁하세요.</translation>
    </message>
    <message>
        <source>The photo could not be used ({code}): photograph again.</source>
        <translation>사진을 쓸 수 없습니다 ({code}): 다시 찍으세요.</translation>
    </message>
    <message>
        <source>Stopped ({code}): try again.</source>
        <translation>멈췄습니다 ({code}): 다시 하세요.</translation>
    </message>
    <message>
        <source>Something unexpected went wrong ({what}): try again; if it repeats, see the kiosk&apos;s log.</source>
        <translation>예상하지 못한 문제가 생겼습니다 ({what}): 다시 하세요. 되풀이되면 키오스크 기록을 보세요.</translation>
    </message>
    <message>
        <source>Pass: the printer prints centred and straight.</source>
        <translation>통과: 프린터가 가운데에 똑바로 인쇄합니다.</translation>
    </message>
    <message>
        <source>Call the technician: {why}</source>
        <translation>기술자를 부르세요: {why}</translation>
    </message>
    <message>
        <source>Version {n}: damaged, cannot be used ({code}).</source>
        <translation>버전 {n}: 손상되어 쓸 수 없습니다 ({code}).</translation>
    </message>
    <message>
        <source>Version {n}, saved {date}: {sections}.</source>
        <translation>버전 {n}, {date} 저장: {sections}.</translation>
    </message>
    <message>
        <source>nothing measured</source>
        <translation>측정한 것 없음</translation>
    </message>
    <message>
        <source>In force now.</source>
        <translation>지금 사용 중.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>되돌리기</translation>
    </message>
    <message>
        <source>Restored the version saved {date}. It applies from the next print.</source>
        <translation>{date}에 저장된 버전으로 되돌렸습니다. 다음 인쇄부터 적용됩니다.</translation>
    </message>
    <message>
        <source>Written to {path}</source>
        <translation>{path}에 저장했습니다</translation>
    </message>
    <message>
        <source>Where to write the calibration</source>
        <translation>보정을 저장할 곳</translation>
    </message>
    <message>
        <source>Calibration history</source>
        <translation>보정 기록</translation>
    </message>
    <message>
        <source>The last 10 versions are kept; restoring one saves it as the newest.</source>
        <translation>최근 10개 버전을 보관합니다. 되돌리면 그 버전이 가장 새 버전으로 저장됩니다.</translation>
    </message>
    <message>
        <source>Export as text</source>
        <translation>텍스트로 내보내기</translation>
    </message>
    <message>
        <source>Export to another folder</source>
        <translation>다른 폴더로 내보내기</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
    <message>
        <source>Restore the calibration saved {date}? It applies from the next print; the one in force now stays in the history.</source>
        <translation>{date}에 저장된 보정으로 되돌릴까요? 다음 인쇄부터 적용되며, 지금 쓰는 보정은 기록에 남습니다.</translation>
    </message>
    <message>
        <source>No, keep the one in force</source>
        <translation>아니요, 지금 것을 유지</translation>
    </message>
    <message>
        <source>Yes, restore it</source>
        <translation>네, 되돌리기</translation>
    </message>
    <message>
        <source>The print head&apos;s grid lands {x} mm across and {y} mm along from the cup&apos;s centre, turned {rot}°, {scale} % in size. Fit: marks within {fid} mm ({used} used), foam edge within {rim} mm.</source>
        <translation>인쇄 헤드의 격자가 컵 중심에서 가로 {x} mm, 세로 {y} mm에 {rot}° 돌아가 {scale} % 크기로 찍힙니다. 맞춤: 표시 오차 {fid} mm ({used}개 사용), 거품 가장자리 오차 {rim} mm.</translation>
    </message>
    <message>
        <source>Tone: {read} of {total} patches read; the fitted curves stay within {rms} L* of them. Dots: read; lines: fitted.</source>
        <translation>톤: {total}칸 중 {read}칸을 읽었고, 맞춘 곡선은 {rms} L* 안에 있습니다. 점: 읽은 값, 선: 맞춘 곡선.</translation>
    </message>
    <message>
        <source>This printer does not report its reservoir grams, so the dose was not measured. Weigh it instead: photolatte calibrate measure --weighed.</source>
        <translation>이 프린터는 가루통 무게를 알려 주지 않아 분량을 측정하지 않았습니다. 대신 무게를 재세요: photolatte calibrate measure --weighed.</translation>
    </message>
    <message>
        <source>Dose per dot: {doses}.</source>
        <translation>점당 분량: {doses}.</translation>
    </message>
    <message>
        <source>Calibrate the printer</source>
        <translation>프린터 보정하기</translation>
    </message>
    <message>
        <source>Chart {n} of {count}: the {chart}</source>
        <translation>차트 {n}/{count}: {chart}</translation>
    </message>
    <message>
        <source>Each chart is printed on its own cup with foam, then photographed from above. Nothing is saved until you press Save at the end.</source>
        <translation>차트마다 거품이 있는 컵 하나에 인쇄한 뒤 위에서 사진을 찍습니다. 마지막에 저장을 누르기 전에는 아무것도 저장하지 않습니다.</translation>
    </message>
    <message>
        <source>Everything: geometry, tone, dose (3 cups)</source>
        <translation>전부: 위치, 톤, 분량 (컵 3개)</translation>
    </message>
    <message>
        <source>Geometry only (1 cup)</source>
        <translation>위치만 (컵 1개)</translation>
    </message>
    <message>
        <source>Tone only (1 cup)</source>
        <translation>톤만 (컵 1개)</translation>
    </message>
    <message>
        <source>Put a fresh cup with foam under the printer, on the stand, with the stand&apos;s two white marks uncovered. The camera must see the whole cup and both marks.</source>
        <translation>거품이 있는 새 컵을 프린터 아래 받침대에 놓고, 받침대의 흰 표시 두 개를 가리지 마세요. 카메라에 컵 전체와 두 표시가 보여야 합니다.</translation>
    </message>
    <message>
        <source>Cup is in place: print the {chart}</source>
        <translation>컵을 놓았습니다: {chart} 인쇄</translation>
    </message>
    <message>
        <source>Stop without saving</source>
        <translation>저장하지 않고 그만두기</translation>
    </message>
    <message>
        <source>Printing the {chart}: row {done} of {total}</source>
        <translation>{chart} 인쇄 중: {total}줄 중 {done}줄</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>멈추기</translation>
    </message>
    <message>
        <source>Measure this chart again</source>
        <translation>이 차트 다시 측정</translation>
    </message>
    <message>
        <source>Save the calibration</source>
        <translation>보정 저장</translation>
    </message>
    <message>
        <source>Next: the {chart}</source>
        <translation>다음: {chart}</translation>
    </message>
    <message>
        <source>Code: {code}</source>
        <translation>코드: {code}</translation>
    </message>
    <message>
        <source>Try again on a fresh cup</source>
        <translation>새 컵으로 다시 하기</translation>
    </message>
    <message>
        <source>Saved. Every print uses the new calibration from the next cup on.</source>
        <translation>저장했습니다. 다음 컵부터 모든 인쇄에 새 보정을 씁니다.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>Once a day, on an empty test cup:</source>
        <translation>하루 한 번, 빈 점검용 컵으로:</translation>
    </message>
    <message>
        <source>Check the printer</source>
        <translation>프린터 점검</translation>
    </message>
</context>
<context>
    <name>BaristaCounter</name>
    <message>
        <source>Receipt printer: out of paper. Put in a new roll; customers still see their number on the screen.</source>
        <translation>영수증 프린터: 용지가 없습니다. 새 용지를 넣어 주세요. 손님 화면에는 번호가 계속 보입니다.</translation>
    </message>
    <message>
        <source>Receipt printer: not connected. Check its cable and power; customers still see their number on the screen.</source>
        <translation>영수증 프린터: 연결되지 않았습니다. 케이블과 전원을 확인해 주세요. 손님 화면에는 번호가 계속 보입니다.</translation>
    </message>
    <message>
        <source>Receipt printer: not answering. Is its cover open or the paper jammed? Customers still see their number on the screen.</source>
        <translation>영수증 프린터: 응답이 없습니다. 덮개가 열렸거나 용지가 걸렸는지 확인해 주세요. 손님 화면에는 번호가 계속 보입니다.</translation>
    </message>
    <message>
        <source>Receipt printer: the ticket could not be printed ({reason}).</source>
        <translation>영수증 프린터: 주문표를 인쇄하지 못했습니다 ({reason}).</translation>
    </message>
    <message>
        <source>Receipt printer: the paper roll is nearly empty.</source>
        <translation>영수증 프린터: 용지가 거의 다 떨어졌습니다.</translation>
    </message>
    <message>
        <source>Order {ticket} is not paid yet ({price}).</source>
        <translation>{ticket}번 주문은 아직 결제되지 않았습니다 ({price}).</translation>
    </message>
    <message>
        <source>Order {ticket} is not paid yet.</source>
        <translation>{ticket}번 주문은 아직 결제되지 않았습니다.</translation>
    </message>
    <message>
        <source>Take the payment as you hand the cup over. A staff drink or a coupon can be served without payment.</source>
        <translation>음료를 건네면서 결제를 받아 주세요. 직원 음료나 쿠폰은 결제 없이 전달할 수 있습니다.</translation>
    </message>
    <message>
        <source>Paid now — serve</source>
        <translation>지금 결제함 — 전달</translation>
    </message>
    <message>
        <source>Serve without payment</source>
        <translation>결제 없이 전달</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>돌아가기</translation>
    </message>
</context>
<context>
    <name>BaristaFaults</name>
    <message>
        <source>The cup was lifted during printing: place a cup, then press Continue</source>
        <translation>인쇄 중에 컵을 들어 올렸습니다: 컵을 놓은 다음 &apos;계속&apos;을 누르세요</translation>
    </message>
    <message>
        <source>The print head is jammed: switch the printer off, clear the jam, switch it on, then press Continue</source>
        <translation>인쇄 헤드가 막혔습니다: 프린터를 끄고, 막힌 곳을 뚫고, 다시 켠 다음 &apos;계속&apos;을 누르세요</translation>
    </message>
    <message>
        <source>No cup under the printer: place a cup</source>
        <translation>프린터 아래에 컵이 없습니다: 컵을 놓으세요</translation>
    </message>
    <message>
        <source>{powder} is empty: refill it, then press Continue</source>
        <translation>{powder} 가루가 비었습니다: 채운 다음 &apos;계속&apos;을 누르세요</translation>
    </message>
    <message>
        <source>A picture arrived damaged and was sent again: a technician should check the cable if this repeats</source>
        <translation>그림이 손상된 채 도착해 다시 보냈습니다: 계속되면 기술자에게 케이블 점검을 부탁하세요</translation>
    </message>
    <message>
        <source>The printer&apos;s buffer overflowed: a technician should check the kiosk software</source>
        <translation>프린터의 수신 버퍼가 넘쳤습니다: 기술자에게 키오스크 소프트웨어 점검을 부탁하세요</translation>
    </message>
    <message>
        <source>{powder} is running low: refill it soon</source>
        <translation>{powder} 가루가 얼마 남지 않았습니다: 곧 채워 주세요</translation>
    </message>
    <message>
        <source>The printer reports a problem ({code}): check it, then press Continue</source>
        <translation>프린터에 문제가 있습니다({code}): 확인한 다음 &apos;계속&apos;을 누르세요</translation>
    </message>
    <message>
        <source>the print head is jammed</source>
        <translation>인쇄 헤드가 막혔습니다</translation>
    </message>
    <message>
        <source>the cup was lifted</source>
        <translation>컵을 들어 올렸습니다</translation>
    </message>
    <message>
        <source>{powder} is empty</source>
        <translation>{powder} 가루가 비었습니다</translation>
    </message>
    <message>
        <source>a problem ({code})</source>
        <translation>문제가 있습니다({code})</translation>
    </message>
</context>
<context>
    <name>BaristaPowders</name>
    <message>
        <source>Cocoa</source>
        <translation>코코아</translation>
    </message>
    <message>
        <source>Cinnamon</source>
        <translation>시나몬</translation>
    </message>
    <message>
        <source>Powder</source>
        <translation>가루</translation>
    </message>
</context>
<context>
    <name>BaristaQueue</name>
    <message>
        <source>Leaves the queue in {seconds} s. Wrong cup? Tap Undo.</source>
        <translation>{seconds}초 뒤 목록에서 사라져요. 다른 컵이었나요? 되돌리기를 누르세요.</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>되돌리기</translation>
    </message>
    <message>
        <source>Sending the picture to the printer…</source>
        <translation>그림을 프린터로 보내는 중…</translation>
    </message>
    <message>
        <source>Row {done} of {total}</source>
        <translation>{total}줄 중 {done}줄</translation>
    </message>
    <message>
        <source>Paid ✓</source>
        <translation>결제 완료 ✓</translation>
    </message>
    <message>
        <source>Not paid</source>
        <translation>미결제</translation>
    </message>
    <message>
        <source>No. {ticket}</source>
        <translation>{ticket}번</translation>
    </message>
    <message>
        <source>Cup is in place — Print</source>
        <translation>컵을 놓았어요 — 인쇄</translation>
    </message>
    <message>
        <source>Cup is in place — Reprint</source>
        <translation>컵을 놓았어요 — 다시 인쇄</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>준비 완료</translation>
    </message>
    <message>
        <source>Call again</source>
        <translation>다시 호출</translation>
    </message>
    <message>
        <source>Served</source>
        <translation>전달 완료</translation>
    </message>
    <message>
        <source>Print again</source>
        <translation>한 번 더 인쇄</translation>
    </message>
    <message>
        <source>Stop printing</source>
        <translation>인쇄 멈추기</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>주문 취소</translation>
    </message>
    <message>
        <source>Just ordered</source>
        <translation>방금 주문</translation>
    </message>
    <message>
        <source>Waiting {minutes} min</source>
        <translation>기다린 시간 {minutes}분</translation>
    </message>
    <message>
        <source>About {seconds} s left</source>
        <translation>약 {seconds}초 남음</translation>
    </message>
    <message>
        <source>About {minutes} min left</source>
        <translation>약 {minutes}분 남음</translation>
    </message>
</context>
<context>
    <name>BaristaStates</name>
    <message>
        <source>Waiting to print</source>
        <translation>인쇄 대기 중</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>인쇄 중</translation>
    </message>
    <message>
        <source>Printed: hand it over</source>
        <translation>인쇄 완료: 손님께 전달하세요</translation>
    </message>
    <message>
        <source>Served</source>
        <translation>전달 완료</translation>
    </message>
    <message>
        <source>Print stopped</source>
        <translation>인쇄가 멈췄습니다</translation>
    </message>
    <message>
        <source>Print failed</source>
        <translation>인쇄하지 못했습니다</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
</context>
<context>
    <name>BaristaStatus</name>
    <message>
        <source>unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <source>{grams} g</source>
        <translation>{grams}g</translation>
    </message>
    <message>
        <source>Empty</source>
        <translation>비었음</translation>
    </message>
    <message>
        <source>{grams}, low</source>
        <translation>{grams}, 부족</translation>
    </message>
    <message>
        <source>Printer connected</source>
        <translation>프린터 연결됨</translation>
    </message>
    <message>
        <source>Printer not connected: check its power and cable. It reconnects by itself.</source>
        <translation>프린터가 연결되지 않았습니다: 전원과 케이블을 확인하세요. 자동으로 다시 연결됩니다.</translation>
    </message>
    <message>
        <source>Printer stopped: {fault}</source>
        <translation>프린터 멈춤: {fault}</translation>
    </message>
    <message>
        <source>Printing order {ticket}</source>
        <translation>{ticket}번 주문 인쇄 중</translation>
    </message>
    <message>
        <source>Needs your attention (see the yellow box)</source>
        <translation>확인이 필요합니다 (노란 상자를 보세요)</translation>
    </message>
    <message>
        <source>Ready: place a cup under the printer</source>
        <translation>준비됨: 프린터 아래에 컵을 놓으세요</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>인쇄 중</translation>
    </message>
    <message>
        <source>Ready to print</source>
        <translation>인쇄 준비 완료</translation>
    </message>
    <message>
        <source>Not fixed yet: the printer still reports this problem.</source>
        <translation>아직 해결되지 않았습니다: 프린터가 여전히 이 문제를 알리고 있습니다.</translation>
    </message>
    <message>
        <source>Demo printer: there is no machine to open, the button below does it.</source>
        <translation>데모 프린터: 열어 볼 기계가 없으니 아래 버튼이 대신 처리합니다.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>계속</translation>
    </message>
    <message>
        <source>Clear the jam and continue</source>
        <translation>막힘을 풀고 계속</translation>
    </message>
    <message>
        <source>Fix it and continue</source>
        <translation>해결하고 계속</translation>
    </message>
</context>
<context>
    <name>BaristaStorage</name>
    <message>
        <source>The kiosk&apos;s disk is full, so nothing new can be saved. Call a technician to free space.</source>
        <translation>키오스크의 디스크가 가득 차서 새로운 것을 저장할 수 없습니다. 기술자를 불러 공간을 비우세요.</translation>
    </message>
    <message>
        <source>The kiosk&apos;s data folder is read-only, so nothing new can be saved. Call a technician.</source>
        <translation>키오스크의 데이터 폴더가 읽기 전용이라 새로운 것을 저장할 수 없습니다. 기술자를 부르세요.</translation>
    </message>
    <message>
        <source>The kiosk may not write to its data folder. Call a technician to fix its permissions.</source>
        <translation>키오스크가 데이터 폴더에 쓸 권한이 없습니다. 기술자를 불러 권한을 고치세요.</translation>
    </message>
    <message>
        <source>The kiosk&apos;s disk failed to read or write. Call a technician to check it.</source>
        <translation>키오스크의 디스크가 읽거나 쓰지 못했습니다. 기술자를 불러 점검하세요.</translation>
    </message>
    <message>
        <source>The order list on the disk is damaged. Call a technician.</source>
        <translation>디스크의 주문 목록이 손상되었습니다. 기술자를 부르세요.</translation>
    </message>
    <message>
        <source>Another program is using the order list. Try again in a moment; call a technician if it repeats.</source>
        <translation>다른 프로그램이 주문 목록을 쓰고 있습니다. 잠시 후 다시 해 보고, 계속되면 기술자를 부르세요.</translation>
    </message>
    <message>
        <source>The order list could not be saved ({code}). Call a technician.</source>
        <translation>주문 목록을 저장하지 못했습니다({code}). 기술자를 부르세요.</translation>
    </message>
</context>
<context>
    <name>BaristaTechnician</name>
    <message>
        <source>Connection</source>
        <translation>연결</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>포트</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>일련번호</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>펌웨어</translation>
    </message>
    <message>
        <source>Protocol version</source>
        <translation>프로토콜 버전</translation>
    </message>
    <message>
        <source>Boot id</source>
        <translation>부팅 ID</translation>
    </message>
    <message>
        <source>Printer state</source>
        <translation>프린터 상태</translation>
    </message>
    <message>
        <source>Faults</source>
        <translation>오류</translation>
    </message>
    <message>
        <source>Bytes sent</source>
        <translation>보낸 바이트</translation>
    </message>
    <message>
        <source>Bytes received</source>
        <translation>받은 바이트</translation>
    </message>
    <message>
        <source>Bytes sent again</source>
        <translation>다시 보낸 바이트</translation>
    </message>
    <message>
        <source>Share sent again</source>
        <translation>다시 보낸 비율</translation>
    </message>
    <message>
        <source>Invalid frames received</source>
        <translation>잘못 받은 프레임</translation>
    </message>
    <message>
        <source>Timeouts</source>
        <translation>시간 초과</translation>
    </message>
    <message>
        <source>Reconnects</source>
        <translation>재연결</translation>
    </message>
    <message>
        <source>Round trip (RTT)</source>
        <translation>왕복 시간 (RTT)</translation>
    </message>
    <message>
        <source>Printing the test pattern: row {done} of {total}</source>
        <translation>테스트 무늬 인쇄 중: {total}줄 중 {done}줄</translation>
    </message>
    <message>
        <source>Sending the test pattern…</source>
        <translation>테스트 무늬를 보내는 중…</translation>
    </message>
    <message>
        <source>Test pattern printed. Check: the ring is round and centred, the cross is straight, both halves of the inner ring are even.</source>
        <translation>테스트 무늬를 인쇄했습니다. 확인하세요: 원이 둥글고 가운데에 있는지, 십자가 곧은지, 안쪽 고리의 두 반쪽이 고른지.</translation>
    </message>
    <message>
        <source>The test print did not finish: {why}</source>
        <translation>테스트 인쇄가 끝나지 않았습니다: {why}</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>기술자</translation>
    </message>
    <message>
        <source>Back to orders</source>
        <translation>주문 화면으로</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>프린터</translation>
    </message>
    <message>
        <source>Connection to the printer</source>
        <translation>프린터와의 연결</translation>
    </message>
    <message>
        <source>Powder</source>
        <translation>가루</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>테스트 인쇄</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>보정</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>연결됨</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>연결 안 됨</translation>
    </message>
    <message>
        <source>Put an empty cup with foam under the printer, then press the button. The pattern uses both powders.</source>
        <translation>거품만 있는 컵을 프린터 아래에 놓고 버튼을 누르세요. 무늬에는 두 가루가 모두 쓰입니다.</translation>
    </message>
    <message>
        <source>Cup is in place — Print test pattern</source>
        <translation>컵을 놓았어요 — 테스트 무늬 인쇄</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>멈추기</translation>
    </message>
    <message>
        <source>Calibrate the printer</source>
        <translation>프린터 보정하기</translation>
    </message>
    <message>
        <source>History and export</source>
        <translation>기록과 내보내기</translation>
    </message>
    <message>
        <source>Leave the kiosk</source>
        <translation>키오스크 종료</translation>
    </message>
    <message>
        <source>Closes both kiosk windows (for service or a software update). Customers cannot order until the kiosk is started again.</source>
        <translation>키오스크 화면 두 개를 모두 닫습니다(점검이나 소프트웨어 업데이트용). 키오스크를 다시 시작할 때까지 손님은 주문할 수 없습니다.</translation>
    </message>
    <message>
        <source>Close the kiosk</source>
        <translation>키오스크 닫기</translation>
    </message>
</context>
<context>
    <name>BaristaWindow</name>
    <message>
        <source>Cancel order {ticket}?</source>
        <translation>{ticket}번 주문을 취소할까요?</translation>
    </message>
    <message>
        <source>The order leaves the queue and its picture is deleted. This cannot be undone.</source>
        <translation>주문이 목록에서 빠지고 그림이 지워집니다. 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <source>Yes, cancel order {ticket}</source>
        <translation>네, {ticket}번 주문 취소</translation>
    </message>
    <message>
        <source>No, keep it</source>
        <translation>아니요, 그대로 두기</translation>
    </message>
    <message>
        <source>Stop printing order {ticket}?</source>
        <translation>{ticket}번 주문 인쇄를 멈출까요?</translation>
    </message>
    <message>
        <source>The picture on this cup stays unfinished. You can reprint it on a fresh cup.</source>
        <translation>이 컵의 그림은 완성되지 않습니다. 새 컵에 다시 인쇄할 수 있습니다.</translation>
    </message>
    <message>
        <source>Yes, stop printing</source>
        <translation>네, 인쇄 멈추기</translation>
    </message>
    <message>
        <source>No, keep printing</source>
        <translation>아니요, 계속 인쇄</translation>
    </message>
    <message>
        <source>Print order {ticket} again?</source>
        <translation>{ticket}번 주문을 한 번 더 인쇄할까요?</translation>
    </message>
    <message>
        <source>Take the printed cup away and put a fresh cup under the printer first.</source>
        <translation>먼저 인쇄된 컵을 치우고 새 컵을 프린터 아래에 놓으세요.</translation>
    </message>
    <message>
        <source>Yes, the fresh cup is in place</source>
        <translation>네, 새 컵을 놓았어요</translation>
    </message>
    <message>
        <source>No</source>
        <translation>아니요</translation>
    </message>
    <message>
        <source>{powder}: this cup needs about {needed:.1f} g, the printer has {left:.1f} g left.</source>
        <translation>{powder}: 이 컵에 약 {needed:.1f} g이 필요한데, 프린터에 {left:.1f} g 남았어요.</translation>
    </message>
    <message>
        <source>Refill the powder first, or print anyway: the picture may come out unfinished.</source>
        <translation>먼저 가루를 채우거나, 그대로 인쇄하세요. 그림이 덜 그려질 수 있어요.</translation>
    </message>
    <message>
        <source>Order {ticket}: the powder may run out</source>
        <translation>주문 {ticket}: 가루가 모자랄 수 있어요</translation>
    </message>
    <message>
        <source>Print anyway</source>
        <translation>그대로 인쇄</translation>
    </message>
    <message>
        <source>Not now, I will refill first</source>
        <translation>지금은 안 해요, 먼저 채울게요</translation>
    </message>
    <message>
        <source>Close the kiosk?</source>
        <translation>키오스크를 닫을까요?</translation>
    </message>
    <message>
        <source>A print is running: it will be stopped. </source>
        <translation>인쇄 중입니다: 인쇄가 멈춥니다. </translation>
    </message>
    <message>
        <source>Customers cannot order until it is started again.</source>
        <translation>다시 시작할 때까지 손님은 주문할 수 없습니다.</translation>
    </message>
    <message>
        <source>Yes, close the kiosk</source>
        <translation>네, 키오스크 닫기</translation>
    </message>
    <message>
        <source>No, stay</source>
        <translation>아니요, 그대로 두기</translation>
    </message>
    <message>
        <source>Wait: the printer is busy with another cup.</source>
        <translation>기다리세요: 프린터가 다른 컵을 인쇄하고 있습니다.</translation>
    </message>
    <message>
        <source>Wait: the printer is not connected.</source>
        <translation>기다리세요: 프린터가 연결되지 않았습니다.</translation>
    </message>
    <message>
        <source>First fix the printer (the yellow box), then press Continue.</source>
        <translation>먼저 프린터 문제를 해결하고(노란 상자) &apos;계속&apos;을 누르세요.</translation>
    </message>
    <message>
        <source>Place the cup under the printer first.</source>
        <translation>먼저 프린터 아래에 컵을 놓으세요.</translation>
    </message>
    <message>
        <source>Photo Latte — Barista</source>
        <translation>Photo Latte — 바리스타</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>주문</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>기술자</translation>
    </message>
    <message>
        <source>No orders waiting.</source>
        <translation>기다리는 주문이 없습니다.</translation>
    </message>
</context>
<context>
    <name>PrinterErrors</name>
    <message>
        <source>The printer is not connected: check its power and cable, then press Print again</source>
        <translation>프린터가 연결되지 않았습니다: 전원과 케이블을 확인한 다음 다시 &apos;인쇄&apos;를 누르세요</translation>
    </message>
    <message>
        <source>The printer address in the kiosk settings is wrong: call a technician to correct printer_url</source>
        <translation>키오스크 설정의 프린터 주소가 잘못되었습니다: 기술자를 불러 프린터 주소 설정을 고쳐 달라고 하세요</translation>
    </message>
    <message>
        <source>Lost the connection to the printer: check the printer&apos;s power and cable, then check the cup and print again</source>
        <translation>프린터 연결이 끊겼습니다: 프린터 전원과 케이블을 확인하고, 컵을 확인한 뒤 다시 인쇄하세요</translation>
    </message>
    <message>
        <source>The printer restarted and cancelled the print: serve a fresh cup and print again</source>
        <translation>프린터가 다시 켜지면서 인쇄가 취소되었습니다: 새 컵을 준비해 다시 인쇄하세요</translation>
    </message>
    <message>
        <source>The printer and the kiosk speak different protocol versions: call a technician to update the printer or the kiosk</source>
        <translation>프린터와 키오스크의 통신 규약 버전이 다릅니다: 기술자를 불러 프린터나 키오스크를 업데이트해 달라고 하세요</translation>
    </message>
    <message>
        <source>The printer gave an unexpected answer: try again; if it repeats, restart the printer and call a technician</source>
        <translation>프린터가 예상하지 못한 응답을 했습니다: 다시 해 보세요. 계속되면 프린터를 다시 켜고 기술자를 부르세요</translation>
    </message>
    <message>
        <source>The printer connection was closed: wait until the printer is connected again, then print again</source>
        <translation>프린터 연결이 닫혔습니다: 프린터가 다시 연결될 때까지 기다린 뒤 다시 인쇄하세요</translation>
    </message>
    <message>
        <source>The printer is busy with another print: wait for it to finish, or cancel it on the printer screen, then print again</source>
        <translation>프린터가 다른 인쇄를 하고 있습니다: 끝날 때까지 기다리거나 프린터 화면에서 취소한 뒤 다시 인쇄하세요</translation>
    </message>
    <message>
        <source>The picture arrived damaged at the printer and was not printed: print again; if it repeats, call a technician to check the cable</source>
        <translation>그림이 프린터에 손상된 채 도착해 인쇄하지 않았습니다: 다시 인쇄하세요. 계속되면 기술자에게 케이블 점검을 부탁하세요</translation>
    </message>
    <message>
        <source>The printer cannot print this picture: choose another design; a technician should check the cup profile</source>
        <translation>프린터가 이 그림을 인쇄할 수 없습니다: 다른 디자인을 고르세요. 기술자가 컵 설정을 확인해야 합니다</translation>
    </message>
    <message>
        <source>The print stopped unexpectedly: check the cup, then press Reprint; call a technician if it repeats</source>
        <translation>인쇄가 예기치 않게 멈췄습니다: 컵을 확인한 다음 &apos;다시 인쇄&apos;를 누르세요. 계속되면 기술자를 부르세요</translation>
    </message>
    <message>
        <source>The print was cancelled: serve a fresh cup and print again when ready</source>
        <translation>인쇄가 취소되었습니다: 준비되면 새 컵에 다시 인쇄하세요</translation>
    </message>
    <message>
        <source>The printer stopped making progress: check the printer and the cup, cancel the print on the printer, and print again</source>
        <translation>프린터가 더 이상 진행하지 않습니다: 프린터와 컵을 확인하고, 프린터에서 인쇄를 취소한 뒤 다시 인쇄하세요</translation>
    </message>
    <message>
        <source>No cup under the printer: place the cup and press Print again</source>
        <translation>프린터 아래에 컵이 없습니다: 컵을 놓고 다시 &apos;인쇄&apos;를 누르세요</translation>
    </message>
    <message>
        <source>Cup removed during printing: place the cup and reprint</source>
        <translation>인쇄 중에 컵을 치웠습니다: 컵을 놓고 다시 인쇄하세요</translation>
    </message>
    <message>
        <source>{powder} is empty: refill it, then press Continue</source>
        <translation>{powder} 가루가 비었습니다: 채운 다음 &apos;계속&apos;을 누르세요</translation>
    </message>
    <message>
        <source>{powder} is too low for this picture: refill it, then press Print again</source>
        <translation>{powder} 가루가 이 그림에 모자랍니다: 채운 다음 다시 &apos;인쇄&apos;를 누르세요</translation>
    </message>
    <message>
        <source>The print head is jammed: switch the printer off, clear the jam, switch it on and print again; call a technician if it repeats</source>
        <translation>인쇄 헤드가 막혔습니다: 프린터를 끄고, 막힌 곳을 뚫고, 다시 켠 뒤 다시 인쇄하세요. 계속되면 기술자를 부르세요</translation>
    </message>
    <message>
        <source>The printer reports a problem ({faults}): check it, then press Continue; call a technician if it repeats</source>
        <translation>프린터에 문제가 있습니다({faults}): 확인한 다음 &apos;계속&apos;을 누르세요. 계속되면 기술자를 부르세요</translation>
    </message>
    <message>
        <source>This order&apos;s picture is no longer stored: cancel the order and ask the customer to order again</source>
        <translation>이 주문의 그림이 더 이상 저장되어 있지 않습니다: 주문을 취소하고 손님께 다시 주문해 달라고 하세요</translation>
    </message>
    <message>
        <source>The kiosk stopped during this print: check the cup, then press Reprint</source>
        <translation>이 인쇄 중에 키오스크가 멈췄습니다: 컵을 확인한 다음 &apos;다시 인쇄&apos;를 누르세요</translation>
    </message>
    <message>
        <source>The kiosk stopped during this print (power cut or restart). Check the cup, then press Reprint or Cancel.</source>
        <translation>이 인쇄 중에 키오스크가 멈췄습니다(정전 또는 재시작). 컵을 확인한 다음 &apos;다시 인쇄&apos; 또는 &apos;주문 취소&apos;를 누르세요.</translation>
    </message>
    <message>
        <source>A newer print of this order replaced this one: check the cup, then press Reprint or Cancel.</source>
        <translation>이 주문의 새 인쇄가 이 인쇄를 대신했습니다: 컵을 확인한 다음 &apos;다시 인쇄&apos; 또는 &apos;주문 취소&apos;를 누르세요.</translation>
    </message>
    <message>
        <source>This print stopped before the kiosk was updated: check the cup, then press Reprint or Cancel.</source>
        <translation>이 인쇄는 키오스크가 업데이트되기 전에 멈췄습니다: 컵을 확인한 다음 &apos;다시 인쇄&apos; 또는 &apos;주문 취소&apos;를 누르세요.</translation>
    </message>
    <message>
        <source>Lost the connection to the printer before anything was printed: check its power and cable, then press Print again</source>
        <translation>인쇄가 시작되기 전에 프린터 연결이 끊겼습니다: 전원과 케이블을 확인한 다음 다시 &apos;인쇄&apos;를 누르세요</translation>
    </message>
    <message>
        <source>The printer restarted before printing anything: press Print again</source>
        <translation>프린터가 인쇄를 시작하기 전에 다시 켜졌습니다: 다시 &apos;인쇄&apos;를 누르세요</translation>
    </message>
    <message>
        <source>The print was cancelled before anything was printed: print again when ready</source>
        <translation>인쇄가 시작되기 전에 취소되었습니다: 준비되면 다시 인쇄하세요</translation>
    </message>
    <message>
        <source>A cup was lifted during an earlier print: place the cup, then press Continue</source>
        <translation>이전 인쇄 중에 컵을 들어 올렸습니다: 컵을 놓은 다음 &apos;계속&apos;을 누르세요</translation>
    </message>
</context>
<context>
    <name>StaffChangeCode</name>
    <message>
        <source>The two entries were different. Start again.</source>
        <translation>두 번 입력한 코드가 서로 다릅니다. 처음부터 다시 하세요.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>저장하는 중…</translation>
    </message>
    <message>
        <source>The code could not be saved, so the old one still works: {error}</source>
        <translation>코드를 저장하지 못해 이전 코드가 그대로 쓰입니다: {error}</translation>
    </message>
    <message>
        <source>Change the barista code</source>
        <translation>바리스타 코드 바꾸기</translation>
    </message>
    <message>
        <source>Change the technician PIN</source>
        <translation>기술자 PIN 바꾸기</translation>
    </message>
    <message>
        <source>Type the new barista code ({low} to {high} digits), then press ✓.</source>
        <translation>새 바리스타 코드({low}~{high}자리)를 입력한 다음 ✓를 누르세요.</translation>
    </message>
    <message>
        <source>Type the new technician PIN ({low} to {high} digits), then press ✓.</source>
        <translation>새 기술자 PIN({low}~{high}자리)을 입력한 다음 ✓를 누르세요.</translation>
    </message>
    <message>
        <source>Type the new barista code again, then press ✓.</source>
        <translation>새 바리스타 코드를 한 번 더 입력한 다음 ✓를 누르세요.</translation>
    </message>
    <message>
        <source>Type the new technician PIN again, then press ✓.</source>
        <translation>새 기술자 PIN을 한 번 더 입력한 다음 ✓를 누르세요.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
</context>
<context>
    <name>StaffCodePad</name>
    <message>
        <source>The code could not be checked. Try again; call a technician if it repeats.</source>
        <translation>코드를 확인하지 못했습니다. 다시 해 보고, 계속되면 기술자를 부르세요.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>확인하는 중…</translation>
    </message>
    <message>
        <source>Type the technician PIN, then press ✓.</source>
        <translation>기술자 PIN을 누른 다음 ✓를 누르세요.</translation>
    </message>
    <message>
        <source>Type the barista code (or the technician PIN), then press ✓.</source>
        <translation>바리스타 코드(또는 기술자 PIN)를 누른 다음 ✓를 누르세요.</translation>
    </message>
    <message>
        <source>Staff code</source>
        <translation>직원 코드</translation>
    </message>
    <message>
        <source>Technician PIN</source>
        <translation>기술자 PIN</translation>
    </message>
    <message>
        <source>Demo kiosk (simulated printer): the barista code is still the factory default, {code}.</source>
        <translation>데모 키오스크(가상 프린터): 바리스타 코드는 아직 공장 기본값 {code}입니다.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
    <message>
        <source>Back to orders</source>
        <translation>주문 화면으로</translation>
    </message>
</context>
<context>
    <name>StaffCodes</name>
    <message>
        <source>A code is digits only.</source>
        <translation>코드는 숫자로만 만듭니다.</translation>
    </message>
    <message>
        <source>A code has {low} to {high} digits. Type it again.</source>
        <translation>코드는 {low}~{high}자리 숫자입니다. 다시 입력하세요.</translation>
    </message>
    <message>
        <source>That is a factory-default code, which anyone can look up. Choose another.</source>
        <translation>공장 기본값 코드는 누구나 찾아볼 수 있습니다. 다른 코드를 고르세요.</translation>
    </message>
    <message>
        <source>One digit over and over (like 1111) is guessed first. Choose another.</source>
        <translation>같은 숫자만 반복한 코드(예: 1111)는 가장 먼저 추측됩니다. 다른 코드를 고르세요.</translation>
    </message>
    <message>
        <source>Digits in a row (like 1234 or 9876) are guessed first. Choose another.</source>
        <translation>연속된 숫자(예: 1234, 9876)는 가장 먼저 추측됩니다. 다른 코드를 고르세요.</translation>
    </message>
    <message>
        <source>The barista code must differ from the technician PIN. Choose another.</source>
        <translation>바리스타 코드는 기술자 PIN과 달라야 합니다. 다른 코드를 고르세요.</translation>
    </message>
    <message>
        <source>The technician PIN must differ from the barista code. Choose another.</source>
        <translation>기술자 PIN은 바리스타 코드와 달라야 합니다. 다른 PIN을 고르세요.</translation>
    </message>
    <message>
        <source>The barista code file is damaged. A technician must run &apos;photolatte code reset barista&apos; on the kiosk computer.</source>
        <translation>바리스타 코드 파일이 손상되었습니다. 기술자가 키오스크 컴퓨터에서 &apos;photolatte code reset barista&apos;를 실행해야 합니다.</translation>
    </message>
    <message>
        <source>The technician PIN file is damaged. A technician must run &apos;photolatte code reset technician&apos; on the kiosk computer.</source>
        <translation>기술자 PIN 파일이 손상되었습니다. 기술자가 키오스크 컴퓨터에서 &apos;photolatte code reset technician&apos;을 실행해야 합니다.</translation>
    </message>
    <message>
        <source>The barista code file is from another version. A technician must run &apos;photolatte code reset barista&apos; on the kiosk computer.</source>
        <translation>바리스타 코드 파일이 다른 버전의 것입니다. 기술자가 키오스크 컴퓨터에서 &apos;photolatte code reset barista&apos;를 실행해야 합니다.</translation>
    </message>
    <message>
        <source>The technician PIN file is from another version. A technician must run &apos;photolatte code reset technician&apos; on the kiosk computer.</source>
        <translation>기술자 PIN 파일이 다른 버전의 것입니다. 기술자가 키오스크 컴퓨터에서 &apos;photolatte code reset technician&apos;을 실행해야 합니다.</translation>
    </message>
    <message>
        <source>The code could not be used ({code}). Call a technician.</source>
        <translation>코드를 쓸 수 없습니다({code}). 기술자를 부르세요.</translation>
    </message>
    <message>
        <source>barista code</source>
        <translation>바리스타 코드</translation>
    </message>
    <message>
        <source>technician PIN</source>
        <translation>기술자 PIN</translation>
    </message>
    <message numerus="yes">
        <source>That code is not right. %n tries left before a lockout.</source>
        <translation>
            <numerusform>코드가 맞지 않습니다. 잠기기 전까지 %n번 남았습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong codes. The pad is locked; try again in %n minutes.</source>
        <translation>
            <numerusform>코드가 여러 번 틀렸습니다. 키패드가 잠겼습니다. %n분 뒤에 다시 해 보세요.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong codes. The pad is locked; try again in %n seconds.</source>
        <translation>
            <numerusform>코드가 여러 번 틀렸습니다. 키패드가 잠겼습니다. %n초 뒤에 다시 해 보세요.</numerusform>
        </translation>
    </message>
    <message>
        <source>Barista code changed.</source>
        <translation>바리스타 코드를 바꿨습니다.</translation>
    </message>
    <message>
        <source>Technician PIN changed.</source>
        <translation>기술자 PIN을 바꿨습니다.</translation>
    </message>
</context>
<context>
    <name>StaffCodesPanel</name>
    <message>
        <source>Barista code: still the factory default. Anyone who knows it can open the barista screen.</source>
        <translation>바리스타 코드: 아직 공장 기본값입니다. 이 값을 아는 사람은 누구나 바리스타 화면을 열 수 있습니다.</translation>
    </message>
    <message>
        <source>Technician PIN: still the factory default. Anyone who knows it can open the technician screen.</source>
        <translation>기술자 PIN: 아직 공장 기본값입니다. 이 값을 아는 사람은 누구나 기술자 화면을 열 수 있습니다.</translation>
    </message>
    <message>
        <source>Barista code: a personal code is set.</source>
        <translation>바리스타 코드: 직접 정한 코드가 설정되어 있습니다.</translation>
    </message>
    <message>
        <source>Technician PIN: a personal PIN is set.</source>
        <translation>기술자 PIN: 직접 정한 PIN이 설정되어 있습니다.</translation>
    </message>
    <message>
        <source>Staff codes</source>
        <translation>직원 코드</translation>
    </message>
    <message>
        <source>Change the barista code</source>
        <translation>바리스타 코드 바꾸기</translation>
    </message>
    <message>
        <source>Change the technician PIN</source>
        <translation>기술자 PIN 바꾸기</translation>
    </message>
    <message>
        <source>Demo kiosk (simulated printer): it takes orders with the factory-default codes (barista code {barista}, technician PIN {technician}). With a real printer it takes no orders until both are changed.</source>
        <translation>데모 키오스크(가상 프린터): 공장 기본값 코드(바리스타 코드 {barista}, 기술자 PIN {technician})로도 주문을 받습니다. 실제 프린터를 쓰면 두 코드를 모두 바꿀 때까지 주문을 받지 않습니다.</translation>
    </message>
</context>
<context>
    <name>StaffCodesSetup</name>
    <message>
        <source>Set the staff codes</source>
        <translation>직원 코드 정하기</translation>
    </message>
    <message>
        <source>This kiosk has a real printer, so it takes no orders while a staff code is still the factory default: anyone could look that code up. Customers see &quot;Opening soon&quot; until both codes are changed.</source>
        <translation>이 키오스크에는 실제 프린터가 연결되어 있어, 직원 코드가 공장 기본값인 동안에는 주문을 받지 않습니다. 기본값은 누구나 찾아볼 수 있기 때문입니다. 두 코드를 모두 바꿀 때까지 고객 화면에는 &quot;곧 문을 엽니다&quot;가 보입니다.</translation>
    </message>
    <message>
        <source>Go to the orders</source>
        <translation>주문 화면으로 가기</translation>
    </message>
</context>
</TS>
