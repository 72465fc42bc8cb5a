<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>KioskShell</name>
    <message numerus="yes">
        <source>Locking in %n seconds: touch the screen to stay.</source>
        <translation>
            <numerusform>Locking in %n second: touch the screen to stay.</numerusform>
            <numerusform>Locking in %n seconds: touch the screen to stay.</numerusform>
        </translation>
    </message>
</context>
</TS>
