; Inno Setup 6 script: the Windows installer of wfm_desktop.
;
; Build the one-folder app first (python installer\build.py), then, from the repository root:
;     iscc installer\windows\wfm_desktop.iss
; or with an explicit version (CI passes the tag's):
;     iscc /DAppVersion=0.1.0 installer\windows\wfm_desktop.iss
; The setup program is written to dist\installer\wfm_desktop-<version>-windows-x64-setup.exe.
;
; It installs for the current user (no administrator rights, the default) or for all users
; (the first page asks; /ALLUSERS or /CURRENTUSER on the command line), adds Start-menu
; shortcuts and an optional desktop shortcut, opens .wfmplan files with the GUI, and
; uninstalls everything it installed (the user's plans and preferences are left alone).

#define AppName "wfm_desktop"
#define AppPublisher "wfm_desktop contributors"
#define AppURL "https://github.com/wfm-desktop/wfm_desktop"
#define GuiExe "wfm-desktop-gui.exe"
#define CliExe "wfm-desktop.exe"
#define DistDir AddBackslash(SourcePath) + "..\..\dist\wfm_desktop"
#define IconFile AddBackslash(SourcePath) + "..\..\resources\icons\wfm_desktop.ico"
#define ProgId "wfm_desktop.plan"
#ifndef AppVersion
  ; The version PyInstaller wrote into the executable (from wfm_desktop.__version__), e.g. 0.1.0.0.
  #define AppVersion GetVersionNumbersString(DistDir + "\" + GuiExe)
#endif

[Setup]
; AppId identifies the application for upgrades and uninstall: never change it.
AppId={{F5343EDE-0C08-49E6-8C23-363AD9A6F1DC}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppPublisherURL={#AppURL}
AppSupportURL={#AppURL}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} installer
; Per-user by default (no UAC prompt); the user may choose all users instead.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName} {#AppVersion}
ChangesAssociations=yes
CloseApplications=yes
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
OutputDir=..\..\dist\installer
OutputBaseFilename={#AppName}-{#AppVersion}-windows-x64-setup

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "association"; Description: "Open .wfmplan plan files with {#AppName}"; GroupDescription: "File types:"

[Files]
; The whole PyInstaller one-folder build: both executables and _internal\.
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Comment: "Workforce planning for contact centres"
Name: "{autoprograms}\{#AppName} self-test"; Filename: "{cmd}"; Parameters: "/k ""{app}\{#CliExe}"" --self-test"; WorkingDir: "{userdocs}"; IconFilename: "{app}\{#GuiExe}"; Comment: "Check the installation: plan the bundled sample and verify the workbook"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Tasks: desktopicon

[Registry]
; .wfmplan -> wfm_desktop.plan (HKA = HKCU for a per-user install, HKLM for all users).
Root: HKA; Subkey: "Software\Classes\.wfmplan"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: association
Root: HKA; Subkey: "Software\Classes\.wfmplan\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: association
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{#AppName} plan"; Flags: uninsdeletekey; Tasks: association
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#GuiExe},0"; Tasks: association
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" ""%1"""; Tasks: association
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".wfmplan"; ValueData: ""; Flags: uninsdeletekey; Tasks: association

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the installation folder (in case anything was left in it); never the user's plans or settings.
Type: dirifempty; Name: "{app}\_internal"
Type: dirifempty; Name: "{app}"
