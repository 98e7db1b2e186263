<#
.SYNOPSIS
  インターネットに出られる PC で、LGWAN 内のビルド用 PC に持ち込む wheel 一式（wheelhouse）を作ります。
  On a PC with internet: collects every wheel the offline Windows build needs.

.DESCRIPTION
  installer\wheelhouse\ に次を集めます（64 bit Windows / CPython 3.11 用）:
    - このチェックアウトから作ったアプリケーションの wheel（shiraoka_dx_desktop-<版>-py3-none-any.whl）
    - その実行に必要な wheel すべて（installer\constraints.txt で固定した版）
    - PyInstaller と、その Windows で必要な wheel（pefile、pywin32-ctypes など）
    - hatchling（ビルド用 PC でチェックアウトから作り直すとき: build_windows.ps1 -FromSource）
    - SHA256SUMS（持ち込んだ後の検査用）、README.txt
  -WithTools を付けると tools\ に Python 3.11.9 と Inno Setup 6 のインストーラもダウンロードします。
  最後に installer\check_wheelhouse.py で、足りないものがないかを確かめます。

      powershell -NoProfile -ExecutionPolicy Bypass -File installer\prepare_wheelhouse.ps1 [-WithTools]

.PARAMETER OutDir
  出力先（既定: installer\wheelhouse）。既にあれば作り直します。
.PARAMETER Python
  Python 3.11 の python.exe（既定: py -3.11）。
.PARAMETER WithTools
  Python 3.11.9（python-3.11.9-amd64.exe）と Inno Setup 6 のインストーラも tools\ にダウンロードします。
#>
[CmdletBinding()]
param(
    [string]$OutDir = "",
    [string]$Python = "",
    [switch]$WithTools
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$Here = Split-Path -Parent $MyInvocation.MyCommand.Path
$Root = Split-Path -Parent $Here
if (-not $OutDir) { $OutDir = Join-Path $Here 'wheelhouse' }

function Write-Step([string]$Message) { Write-Host "== $Message" -ForegroundColor Cyan }

function Invoke-Native {
    # A plain function: its arguments (-m, -d, ...) go to the program untouched.
    $exe = $args[0]
    $rest = @($args | Select-Object -Skip 1)
    & $exe @rest
    if ($LASTEXITCODE -ne 0) { throw "失敗しました (exit $LASTEXITCODE): $exe $($rest -join ' ')" }
}

function Find-Python {
    if ($Python) { return $Python }
    $launcher = Get-Command py.exe -ErrorAction SilentlyContinue
    if ($launcher) {
        $saved = $ErrorActionPreference
        $ErrorActionPreference = 'Continue'
        try { $found = & $launcher.Source -3.11 -c "import sys; print(sys.executable)" 2>$null } finally { $ErrorActionPreference = $saved }
        if ($LASTEXITCODE -eq 0 -and $found) { return ([string]$found).Trim() }
    }
    throw "Python 3.11 が見つかりません。Python 3.11 を入れるか、-Python で python.exe を指定してください。"
}

function Write-Utf8([string]$Path, [string]$Text) {
    [IO.File]::WriteAllText($Path, $Text, (New-Object Text.UTF8Encoding $false))
}

$py = Find-Python
Write-Step "Python: $py"
if (Test-Path -LiteralPath $OutDir) { Remove-Item -LiteralPath $OutDir -Recurse -Force }
New-Item -ItemType Directory -Force -Path $OutDir | Out-Null
$OutDir = (Resolve-Path -LiteralPath $OutDir).Path

Write-Step "アプリケーションの wheel（$Root から）"
Invoke-Native $py -m pip wheel --disable-pip-version-check --no-deps -q -w $OutDir $Root
$appWheel = @(Get-ChildItem -LiteralPath $OutDir -Filter 'shiraoka_dx_desktop-*.whl')[0].FullName
Write-Host "   $(Split-Path -Leaf $appWheel)"

Write-Step "実行とビルドに必要な wheel（win_amd64 / CPython 3.11）"
# pefile and pywin32-ctypes are PyInstaller's Windows-only requirements; named here so that the
# same list also works when this is run on Linux (pip judges "; sys_platform == 'win32'" by
# the machine it runs on).
Invoke-Native $py -m pip download --disable-pip-version-check -q -d $OutDir `
    --platform win_amd64 --python-version 3.11 --implementation cp --only-binary=:all: `
    -c (Join-Path $Here 'constraints.txt') --find-links $OutDir `
    $appWheel -r (Join-Path $Here 'requirements-build.txt') pefile pywin32-ctypes hatchling setuptools

if ($WithTools) {
    Write-Step "Python と Inno Setup のインストーラ"
    [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12
    $tools = Join-Path $OutDir 'tools'
    New-Item -ItemType Directory -Force -Path $tools | Out-Null
    # 3.11.9 is the last Python 3.11 release with a Windows installer.
    Invoke-WebRequest -UseBasicParsing -Uri 'https://www.python.org/ftp/python/3.11.9/python-3.11.9-amd64.exe' `
        -OutFile (Join-Path $tools 'python-3.11.9-amd64.exe')
    Invoke-WebRequest -UseBasicParsing -Uri 'https://jrsoftware.org/download.php/is.exe' `
        -OutFile (Join-Path $tools 'innosetup-6.exe')
}

Write-Step "SHA256SUMS"
$lines = Get-ChildItem -LiteralPath $OutDir -Recurse -File |
    Where-Object { $_.Name -ne 'SHA256SUMS' -and $_.Name -ne 'README.txt' } |
    ForEach-Object {
        $relative = $_.FullName.Substring($OutDir.Length).TrimStart('\').Replace('\', '/')
        [pscustomobject]@{ Name = $relative; Hash = (Get-FileHash -LiteralPath $_.FullName -Algorithm SHA256).Hash.ToLowerInvariant() }
    } |
    Sort-Object -Property Name -CaseSensitive |
    ForEach-Object { "$($_.Hash)  $($_.Name)" }
Write-Utf8 (Join-Path $OutDir 'SHA256SUMS') (($lines -join "`n") + "`n")

$commit = 'unknown'
if (Get-Command git.exe -ErrorAction SilentlyContinue) {
    $saved = $ErrorActionPreference
    $ErrorActionPreference = 'Continue'
    try { $head = & git.exe -C $Root rev-parse HEAD 2>$null } finally { $ErrorActionPreference = $saved }
    if ($LASTEXITCODE -eq 0 -and $head) { $commit = ([string]$head).Trim() }
}
$pythonVersion = (& $py -c "import sys; print(sys.version.split()[0])").Trim()
$made = (Get-Date).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")
Write-Utf8 (Join-Path $OutDir 'README.txt') @"
shiraoka-dx wheelhouse for the offline Windows build (installer/README.md).
Made $made from commit $commit with Python $pythonVersion.
Target: 64-bit Windows, CPython 3.11 (python-3.11.9-amd64.exe).
Check after carrying:  py -3.11 installer\check_wheelhouse.py installer\wheelhouse
Build:                 installer\build_windows.bat   (uses installer\wheelhouse when present)

"@

Write-Step "検査（win_amd64）"
Invoke-Native $py (Join-Path $Here 'check_wheelhouse.py') $OutDir --target win_amd64 `
    --require shiraoka-dx-desktop --require pyinstaller --require hatchling
$size = (Get-ChildItem -LiteralPath $OutDir -Recurse -File | Measure-Object -Property Length -Sum).Sum
Write-Step ("できました: {0} ({1:N1} MB)" -f $OutDir, ($size / 1MB))
Write-Host "   このフォルダ（と installer\ を含むチェックアウト一式）を、承認された媒体と手順でビルド用 PC に持ち込んでください。"
