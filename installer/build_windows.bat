@echo off
rem Build shiraoka-dx for Windows: the one-folder program and the per-user setup.exe.
rem See installer\README.md. Arguments go to build_windows.ps1, e.g.  build_windows.bat -NoInstaller
rem Runs PowerShell with -ExecutionPolicy Bypass for this script only (no system setting changes).
setlocal
powershell.exe -NoProfile -ExecutionPolicy Bypass -File "%~dp0build_windows.ps1" %*
exit /b %ERRORLEVEL%
