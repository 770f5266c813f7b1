; Inno Setup 6 script: the Windows installer of 评审工作台 (reviewer).
;
; Built by .github/workflows/package.yml after `python packaging/build.py` made dist\reviewer\:
;   iscc /DAppVersion=0.1.0 packaging\windows\reviewer.iss
; Optional: /DBundleDir=... /DOutputDir=... ; /DSign together with /Sreviewer="signtool sign ... $f"
; signs the installer and the uninstaller (docs/platforms.md, code signing).
; Saved as UTF-8 with a byte-order mark: Inno Setup reads the Chinese names only then.

#ifndef AppVersion
  #error Pass the version read from reviewer/__init__.py: iscc /DAppVersion=X.Y.Z reviewer.iss
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\reviewer"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#define AppName "评审工作台"
#define AppExe "reviewer.exe"
#define PackageProgId "Reviewer.WorkPackage"

[Setup]
; The AppId identifies the installation for upgrades and uninstall: never change it.
AppId={{56151724-9200-4CC5-BC63-5C284E2285A4}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
VersionInfoVersion={#AppVersion}
AppPublisher=评审工作台
DefaultDirName={autopf}\Reviewer
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Experts often have no administrator rights on their laptops: install for the user by default.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=reviewer-{#AppVersion}-windows-x86_64-setup
SetupIconFile=..\icons\reviewer.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
#ifdef Sign
SignTool=reviewer
SignedUninstaller=yes
#endif

[Languages]
; Simplified Chinese is one of Inno Setup's own translations since 6.5.0 (the workflow installs a
; pinned 6.5 release); compiling with an older Inno Setup stops here rather than ship an English-only installer.
#if VER < EncodeVer(6, 5, 0)
  #error Inno Setup 6.5.0 or newer is needed: it ships Languages\ChineseSimplified.isl
#endif
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the program folder's bundled libraries wholesale (never the user's data,
; which lives in %APPDATA%\reviewer).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; The expert's work package (.rvpkg) opens in the app: a double-click runs `reviewer.exe gui "<file>"`.
; HKA is HKCU for a per-user installation and HKLM for one for all users.
Root: HKA; Subkey: "Software\Classes\.rvpkg"; ValueType: string; ValueName: ""; ValueData: "{#PackageProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.rvpkg\OpenWithProgids"; ValueType: string; ValueName: "{#PackageProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#PackageProgId}"; ValueType: string; ValueName: ""; ValueData: "评审工作包"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#PackageProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#PackageProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" gui ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".rvpkg"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
