<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>StaffCodes</name>
    <message numerus="yes">
        <source>That code is not right. %n tries left before a lockout.</source>
        <translation>
            <numerusform>That code is not right. %n try left before a lockout.</numerusform>
            <numerusform>That code is not right. %n tries left before a lockout.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong codes. The pad is locked; try again in %n minutes.</source>
        <translation>
            <numerusform>Too many wrong codes. The pad is locked; try again in %n minute.</numerusform>
            <numerusform>Too many wrong codes. The pad is locked; try again in %n minutes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong codes. The pad is locked; try again in %n seconds.</source>
        <translation>
            <numerusform>Too many wrong codes. The pad is locked; try again in %n second.</numerusform>
            <numerusform>Too many wrong codes. The pad is locked; try again in %n seconds.</numerusform>
        </translation>
    </message>
</context>
</TS>
