<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB">
  <context>
    <name>ReactionMoveDialog</name>
    <message numerus="yes">
      <source>%n reaction(s) recorded on this dose belong to the person who was given it. Pick that person's dose of the same vaccine and day: the reactions move there, and their screening before the next dose sees them.</source>
      <translation>
        <numerusform>The reaction recorded on this dose belongs to the person who was given it. Pick that person's dose of the same vaccine and day: the reaction moves there, and their screening before the next dose sees it.</numerusform>
        <numerusform>The %n reactions recorded on this dose belong to the person who was given it. Pick that person's dose of the same vaccine and day: the reactions move there, and their screening before the next dose sees them.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n reaction(s) recorded on this dose are still this person's (the dose was not voided as given to another person). Pick their dose of the same vaccine and day recorded again: the reactions move there, and their screening before the next dose sees them.</source>
      <translation>
        <numerusform>The reaction recorded on this dose is still this person's (the dose was not voided as given to another person). Pick their dose of the same vaccine and day recorded again: the reaction moves there, and their screening before the next dose sees it.</numerusform>
        <numerusform>The %n reactions recorded on this dose are still this person's (the dose was not voided as given to another person). Pick their dose of the same vaccine and day recorded again: the reactions move there, and their screening before the next dose sees them.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>RecordsScreen</name>
    <message numerus="yes">
      <source>%n record(s)</source>
      <translation>
        <numerusform>%n record</numerusform>
        <numerusform>%n records</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>SearchPanel</name>
    <message numerus="yes">
      <source>Bring this person with their %n dose(s) from other sites</source>
      <translation>
        <numerusform>Bring this person with their %n dose from other sites</numerusform>
        <numerusform>Bring this person with their %n doses from other sites</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>SiteStatusBar</name>
    <message numerus="yes">
      <source>Waiting to upload: %Ln</source>
      <translation>
        <numerusform>Waiting to upload: %Ln</numerusform>
        <numerusform>Waiting to upload: %Ln</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Rejected: %Ln</source>
      <translation>
        <numerusform>Rejected: %Ln</numerusform>
        <numerusform>Rejected: %Ln</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Conflicts: %Ln</source>
      <translation>
        <numerusform>Conflicts: %Ln</numerusform>
        <numerusform>Conflicts: %Ln</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>VerifyDialog</name>
    <message numerus="yes">
      <source>This file holds %n certificate(s), each checked below.</source>
      <translation>
        <numerusform>This file holds %n certificate, checked below.</numerusform>
        <numerusform>This file holds %n certificates, each checked below.</numerusform>
      </translation>
    </message>
  </context>
</TS>