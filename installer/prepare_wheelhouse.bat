@echo off
rem On a PC with internet: collect the wheels for the offline Windows build (installer\README.md).
rem Arguments go to prepare_wheelhouse.ps1, e.g.  prepare_wheelhouse.bat -WithTools
setlocal
powershell.exe -NoProfile -ExecutionPolicy Bypass -File "%~dp0prepare_wheelhouse.ps1" %*
exit /b %ERRORLEVEL%
