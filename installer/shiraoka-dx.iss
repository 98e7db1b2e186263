;; shiraoka-dx: the per-user Windows installer (Inno Setup 6.3 or later).
;;
;; Made by installer\build_windows.ps1, which runs:
;;   ISCC.exe /DAppVersion=0.1.0 /DAppVersionNumeric=0.1.0.0 /DDistDir=...\installer\dist\shiraoka-dx
;;            /DOutputDir=...\installer\dist /DSetupIcon=...\installer\build\shiraoka-dx.ico shiraoka-dx.iss
;; and gives installer\dist\shiraoka-dx-setup-<version>.exe.
;;
;; - No administrator rights: installs into %LOCALAPPDATA%\Programs\shiraoka-dx for the user who runs it.
;; - Japanese wizard; a Start-menu shortcut and, if ticked, a desktop shortcut.
;; - Uninstalling keeps the user's data (%LOCALAPPDATA%\ShiraokaCity\shiraoka-dx: the database and
;;   its backups) and settings (%APPDATA%\ShiraokaCity\shiraoka-dx.ini) unless the user answers
;;   yes twice when asked; a silent uninstall (/SILENT, /VERYSILENT) always keeps them.
;; - The data folder is where shiraoka_dx_desktop/paths.py puts the database by default
;;   (platformdirs.user_data_path("shiraoka-dx", "ShiraokaCity", roaming=False)); the settings file
;;   is QSettings(IniFormat, UserScope, "ShiraokaCity", "shiraoka-dx") in ui/app.py.
;;   A database the user keeps elsewhere (--db, SHIRAOKA_DX_DB) is never touched.

#if Ver < EncodeVer(6, 3, 0)
  #error Inno Setup 6.3 or later is needed (x64compatible, UTF-8 scripts)
#endif

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef AppVersionNumeric
  #define AppVersionNumeric "0.0.0.0"
#endif
#ifndef DistDir
  #define DistDir AddBackslash(SourcePath) + "dist\shiraoka-dx"
#endif
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "dist"
#endif

#define AppName "白岡市DX推進"
#define AppLongName "白岡市DX推進 デスクトップ版"
#define AppPublisher "白岡市 DX推進課"
; The program without a console window; shiraoka-dx.exe beside it is the command-line one.
#define AppExeName "shiraoka-dxw.exe"
#define DataFolder "{localappdata}\ShiraokaCity\shiraoka-dx"
#define SettingsFile "{userappdata}\ShiraokaCity\shiraoka-dx.ini"

[Setup]
; Never change AppId: it is how an update finds the installed copy (and Windows, the uninstaller).
AppId={{FAA3C39A-1BE1-4D5C-BD08-F8A741715195}
AppName={#AppLongName}
AppVersion={#AppVersion}
AppVerName={#AppLongName} {#AppVersion}
AppPublisher={#AppPublisher}
AppComments=白岡市DX推進全体方針の取組項目・工程表・推進体制を管理します。
VersionInfoVersion={#AppVersionNumeric}
VersionInfoCompany=白岡市
VersionInfoDescription={#AppLongName} セットアップ
VersionInfoProductName={#AppLongName}
; Per user, no administrator rights: {autopf} is %LOCALAPPDATA%\Programs under "lowest".
PrivilegesRequired=lowest
DefaultDirName={autopf}\shiraoka-dx
DisableDirPage=yes
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 1809 or later.
MinVersion=10.0.17763
OutputDir={#OutputDir}
OutputBaseFilename=shiraoka-dx-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
UninstallDisplayName={#AppLongName}
UninstallDisplayIcon={app}\{#AppExeName}
; Close a running copy (Restart Manager) before files are replaced.
CloseApplications=yes
RestartApplications=no
; Takes effect once the program holds a mutex of this name while it runs (see installer/README.md).
AppMutex=ShiraokaCity.shiraoka-dx
SetupLogging=yes
#ifdef SetupIcon
SetupIconFile={#SetupIcon}
#endif

[Languages]
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"

[CustomMessages]
japanese.DeleteDataQuestion=このパソコンに保存されている {#AppName} のデータも削除しますか？%n%n%1%n（データベース shiraoka-dx.sqlite と、取込・更新の前に作られたバックアップ backups）%n%n通常は「いいえ」を選んでください。データは残り、もう一度インストールすればそのまま使えます。
japanese.DeleteDataConfirm=本当に削除しますか？元に戻せません。%n%n%1%n%n事務局（DX推進課）のマスターのデータベースであれば、先にコピーを取ってから削除してください。
japanese.DataKept=データは削除せずに残しました。%n%n%1
japanese.DeleteDataFailed=データの一部を削除できませんでした。アプリケーションが終了していることを確かめ、次のフォルダを手で削除してください。%n%n%1
japanese.StartMenuComment=取組項目・工程表・推進体制を管理します

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An update replaces the whole program: nothing of the previous version may linger.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Comment: "{cm:StartMenuComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Comment: "{cm:StartMenuComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program's own folder; the user's data is handled in [Code] below.
Type: filesandordirs; Name: "{app}\_internal"

[Code]
procedure DeleteUserData(const DataDir: String);
begin
  if not DelTree(DataDir, True, True, True) then
    MsgBox(FmtMessage(CustomMessage('DeleteDataFailed'), [DataDir]), mbError, MB_OK);
  DeleteFile(ExpandConstant('{#SettingsFile}'));
  { Remove the ShiraokaCity folders only if nothing else is left in them. }
  RemoveDir(ExpandConstant('{localappdata}\ShiraokaCity'));
  RemoveDir(ExpandConstant('{userappdata}\ShiraokaCity'));
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  DataDir := ExpandConstant('{#DataFolder}');
  if not DirExists(DataDir) then
    Exit;
  if UninstallSilent then
  begin
    Log('Silent uninstall: the user''s data is kept in ' + DataDir);
    Exit;
  end;
  { Keeping is the default answer ("No" has the focus), and deleting needs a second yes. }
  if MsgBox(FmtMessage(CustomMessage('DeleteDataQuestion'), [DataDir]), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
  begin
    if MsgBox(FmtMessage(CustomMessage('DeleteDataConfirm'), [DataDir]), mbError, MB_YESNO or MB_DEFBUTTON2) = IDYES then
    begin
      Log('Deleting the user''s data in ' + DataDir);
      DeleteUserData(DataDir);
      Exit;
    end;
  end;
  Log('The user''s data is kept in ' + DataDir);
  MsgBox(FmtMessage(CustomMessage('DataKept'), [DataDir]), mbInformation, MB_OK);
end;
