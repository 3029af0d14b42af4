; Inno Setup 6 script: madoguchi-setup-<version>.exe from the bundle dist\madoguchi\
; (built on Windows by installer\windows\build.ps1). Installs per machine into
; %ProgramFiles%\madoguchi, creates %PROGRAMDATA%\madoguchi (configuration, spool,
; logs) and Start-menu entries for the staff desktop, lobby display and catalogue editor.
; NOT TRIED: no Windows machine or Inno Setup compiler was available (docs/windows.md).
;   iscc /DAppVersion=0.1.0 installer\windows\madoguchi.iss

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F0B3E2A-6D61-646F-6775-636869000001}
AppName=madoguchi
AppVersion={#AppVersion}
AppPublisher=madoguchi
DefaultDirName={autopf}\madoguchi
DefaultGroupName=madoguchi
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=madoguchi-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\madoguchiw.exe

[Languages]
Name: "ja"; MessagesFile: "compiler:Languages\Japanese.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\madoguchi\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "madoguchi-kiosk.ps1"; DestDir: "{app}\windows"; Flags: ignoreversion
Source: "..\linux\madoguchi.toml.example"; DestDir: "{commonappdata}\madoguchi"; DestName: "madoguchi.toml"; Flags: onlyifdoesntexist uninsneveruninstall

[Dirs]
; Configuration readable by all; the spool and logs only by the kiosk account and
; administrators (madoguchi-kiosk.ps1 sets the ACLs once the account exists).
Name: "{commonappdata}\madoguchi"; Flags: uninsneveruninstall
Name: "{commonappdata}\madoguchi\spool"; Flags: uninsneveruninstall
Name: "{commonappdata}\madoguchi\logs"; Flags: uninsneveruninstall

[Icons]
Name: "{group}\madoguchi 職員画面 (staff)"; Filename: "{app}\madoguchiw.exe"; Parameters: "staff"
Name: "{group}\madoguchi 呼出表示 (display)"; Filename: "{app}\madoguchiw.exe"; Parameters: "display"
Name: "{group}\madoguchi 様式・質問の編集 (admin)"; Filename: "{app}\madoguchiw.exe"; Parameters: "admin"
Name: "{group}\madoguchi doctor"; Filename: "{cmd}"; Parameters: "/k ""{app}\madoguchi.exe"" doctor"

[Registry]
; `madoguchi` on the PATH of every account (technicians run `madoguchi doctor`).
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\madoguchi.exe"; Parameters: "--version"; Flags: runhidden waituntilterminated

[Code]
function NeedsAddPath(Dir: string): Boolean;
var
  Current: string;
begin
  if not RegQueryStringValue(HKEY_LOCAL_MACHINE,
    'SYSTEM\CurrentControlSet\Control\Session Manager\Environment', 'Path', Current) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Current) + ';') = 0;
end;
