<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>OrderController</name>
    <message numerus="yes">
        <source>The %1 was already printed %n time(s). Print a copy? It will be marked as a copy (副本).</source>
        <translation>
            <numerusform>The %1 was already printed %n time. Print a copy? It will be marked as a copy (副本).</numerusform>
            <numerusform>The %1 was already printed %n times. Print a copy? It will be marked as a copy (副本).</numerusform>
        </translation>
    </message>
</context>
</TS>
