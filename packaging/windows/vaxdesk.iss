; Inno Setup script: wraps the Windows bundle (dist\VaxDesk, from build_installer.spec) in one
; VaxDesk-<version>-setup.exe a site runs on each laptop. See docs/bundle.md.
;
;   iscc /DAppVersion=0.1.0 packaging\windows\vaxdesk.iss
;
; The site's data is not in here: it lives in the user's data folder
; (%LOCALAPPDATA%\VaxDesk), which installing, upgrading and uninstalling never touch. The new
; app backs the database up and migrates it at its first start.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=0.1.0 (vaxdesk-cli --version prints it)
#endif

[Setup]
; Never change AppId: it is how an upgrade finds the installed copy to replace.
AppId={{6C1B7E0A-4F2D-4B8E-9A57-2F0D6E1C9B31}
AppName=VaxDesk
AppVersion={#AppVersion}
AppPublisher=VaxDesk
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\VaxDesk
DefaultGroupName=VaxDesk
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=VaxDesk-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\vaxdesk.ico
UninstallDisplayIcon={app}\vaxdesk.exe
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
; A running VaxDesk is asked to close (it makes its exit backup) before files are replaced.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; The previous release's libraries go first: a new bundle never runs beside stale DLLs.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\VaxDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\VaxDesk"; Filename: "{app}\vaxdesk.exe"
Name: "{group}\VaxDesk self-test"; Filename: "{app}\vaxdesk-cli.exe"; Parameters: "--self-test"
Name: "{autodesktop}\VaxDesk"; Filename: "{app}\vaxdesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\vaxdesk.exe"; Description: "{cm:LaunchProgram,VaxDesk}"; Flags: postinstall nowait skipifsilent

[Code]
{ The installed copy proves itself before anyone records a dose: vaxdesk-cli --self-test on
  a throw-away folder (desktop_app/self_test.py). A failure is said, not hidden. }
procedure CurStepChanged(CurStep: TSetupStep);
var
  Code: Integer;
begin
  if CurStep = ssPostInstall then
  begin
    if not Exec(ExpandConstant('{app}\vaxdesk-cli.exe'), '--self-test', '', SW_HIDE,
                ewWaitUntilTerminated, Code) or (Code <> 0) then
      MsgBox('VaxDesk was installed but its self-test failed (code ' + IntToStr(Code) +
             '). Run "vaxdesk-cli --self-test" in a command prompt in ' +
             ExpandConstant('{app}') + ' to see which step, and tell your support contact.',
             mbError, MB_OK);
  end;
end;
