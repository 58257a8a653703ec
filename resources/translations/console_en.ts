<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CallbackPanel</name>
    <message numerus="yes">
        <source>Callback ended: unreachable (%1) after %n attempt(s)</source>
        <translation>
            <numerusform>Callback ended: unreachable (%1) after %n attempt</numerusform>
            <numerusform>Callback ended: unreachable (%1) after %n attempts</numerusform>
        </translation>
    </message>
</context>
</TS>
