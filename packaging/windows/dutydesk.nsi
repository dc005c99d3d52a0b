; DutyDesk 应急值守台 — Windows installer (NSIS 3, Unicode). Per-machine install into
; C:\Program Files\DutyDesk, Start-menu and desktop shortcuts named 应急值守台, an uninstaller
; that removes the program and leaves every station database (each user's
; %LOCALAPPDATA%\DutyDesk) alone. Built from the PyInstaller one-folder build made ON WINDOWS:
;
;   pyinstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller packaging\dutydesk.spec
;   makensis /DVERSION=0.1.0 packaging\windows\dutydesk.nsi     ->  dist\DutyDesk-0.1.0-setup.exe
;
; /DDIST=folder  the one-folder build (default ..\..\dist\dutydesk, relative to this file)
; /DFAST         no compression (CI compiles this script against a Linux stand-in folder)
; This file is UTF-8 with a byte-order mark, so makensis reads the Chinese text as such.

Unicode true
!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef DIST
  !define DIST "..\..\dist\dutydesk"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\..\dist\DutyDesk-${VERSION}-setup.exe"
!endif
!define NAME_ZH "应急值守台"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\DutyDesk"
!define APP_KEY "Software\DutyDesk"

!include "MUI2.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

Name "${NAME_ZH} DutyDesk ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\DutyDesk"
InstallDirRegKey HKLM "${APP_KEY}" "InstallDir"
RequestExecutionLevel admin
ShowInstDetails show
ShowUninstDetails show
BrandingText "DutyDesk ${VERSION}"
!ifdef FAST
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${NAME_ZH} DutyDesk"
VIAddVersionKey /LANG=0 "FileDescription" "${NAME_ZH} 安装程序"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "DutyDesk"

!define MUI_ICON "..\..\resources\icons\dutydesk.ico"
!define MUI_UNICON "..\..\resources\icons\dutydesk.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\dutydesk.exe"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunNow)"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(KeepData)"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString RunNow ${LANG_SIMPCHINESE} "现在启动${NAME_ZH}"
LangString RunNow ${LANG_ENGLISH} "Start DutyDesk now"
LangString KeepData ${LANG_SIMPCHINESE} "将从本机卸载${NAME_ZH}程序。值班数据库（各用户的 %LOCALAPPDATA%\DutyDesk 文件夹）是正式记录，不会删除。"
LangString KeepData ${LANG_ENGLISH} "DutyDesk will be removed from this PC. The station databases (each user's %LOCALAPPDATA%\DutyDesk folder) are the official record and are not deleted."
LangString Needs64 ${LANG_SIMPCHINESE} "${NAME_ZH}需要 64 位 Windows 10 或更新版本。"
LangString Needs64 ${LANG_ENGLISH} "DutyDesk needs 64-bit Windows 10 or newer."
LangString Running ${LANG_SIMPCHINESE} "${NAME_ZH}正在运行。请先在程序里交班或退出，再点“重试”。"
LangString Running ${LANG_ENGLISH} "DutyDesk is running. Close it first (after the handover), then press Retry."
LangString Uninstall ${LANG_SIMPCHINESE} "卸载${NAME_ZH}"
LangString Uninstall ${LANG_ENGLISH} "Uninstall DutyDesk"
LangString CommandLine ${LANG_SIMPCHINESE} "${NAME_ZH}命令行"
LangString CommandLine ${LANG_ENGLISH} "DutyDesk command line"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "$(Needs64)"
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
FunctionEnd

; A running program keeps its files open: ask the user to close it (never kill an open duty log).
!macro WaitUntilClosed un
Function ${un}WaitUntilClosed
  retry:
  ClearErrors
  IfFileExists "$INSTDIR\dutydesk.exe" 0 done
  FileOpen $0 "$INSTDIR\dutydesk.exe" a
  IfErrors 0 closed
  MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(Running)" IDRETRY retry
  Abort
  closed:
  FileClose $0
  done:
FunctionEnd
!macroend
!insertmacro WaitUntilClosed ""
!insertmacro WaitUntilClosed "un."

Section "DutyDesk" SecMain
  SectionIn RO
  Call WaitUntilClosed
  SetOutPath "$INSTDIR"
  RMDir /r "$INSTDIR\_internal"  ; the previous version's libraries (the data are not here)
  File /r "${DIST}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${NAME_ZH}"
  CreateShortcut "$SMPROGRAMS\${NAME_ZH}\${NAME_ZH}.lnk" "$INSTDIR\dutydesk.exe" "" "$INSTDIR\dutydesk.exe" 0
  CreateShortcut "$SMPROGRAMS\${NAME_ZH}\$(CommandLine).lnk" "$SYSDIR\cmd.exe" \
    '/k cd /d "%USERPROFILE%" && "$INSTDIR\dutydesk-cli.exe" --help' "$INSTDIR\dutydesk.exe" 0
  CreateShortcut "$SMPROGRAMS\${NAME_ZH}\$(Uninstall).lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${NAME_ZH}.lnk" "$INSTDIR\dutydesk.exe" "" "$INSTDIR\dutydesk.exe" 0

  WriteRegStr HKLM "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayName" "${NAME_ZH} DutyDesk"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINST_KEY}" "Publisher" "DutyDesk"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\dutydesk.exe,0"
  WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  Call un.WaitUntilClosed
  Delete "$DESKTOP\${NAME_ZH}.lnk"
  RMDir /r "$SMPROGRAMS\${NAME_ZH}"
  ; only what the installer put there: never RMDir /r on $INSTDIR (the user may have chosen a
  ; folder holding other files). Station databases live in %LOCALAPPDATA%\DutyDesk: untouched.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\dutydesk.exe"
  Delete "$INSTDIR\dutydesk-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINST_KEY}"
  DeleteRegKey HKLM "${APP_KEY}"
SectionEnd
