<#
.SYNOPSIS
  shiraoka-dx の Windows 版（1 フォルダ形式のプログラムと、利用者ごとのインストーラ setup.exe）を作ります。
  Builds the Windows one-folder program and the per-user installer of shiraoka-dx.

.DESCRIPTION
  1. installer\wheelhouse\SHA256SUMS で持ち込んだファイルを検査します（改変・破損の検出）。
  2. installer\build\venv に Python 3.11 の仮想環境を作り、wheelhouse からオフラインで
     アプリケーションと PyInstaller を入れます（-Online のときは PyPI から）。
  3. PyInstaller で installer\dist\shiraoka-dx\ を作り、その場で動作を確かめます
     （check --json、export xlsx、画面を offscreen で起動）。
  4. Inno Setup 6（ISCC.exe）が見つかれば installer\dist\shiraoka-dx-setup-<版>.exe を作ります。

  No network is used unless -Online is given.  Run from any folder:
      installer\build_windows.bat            (the same, without the execution-policy question)
      powershell -NoProfile -ExecutionPolicy Bypass -File installer\build_windows.ps1 [-NoInstaller]

.PARAMETER Wheelhouse
  持ち込んだ wheel のフォルダ（既定: installer\wheelhouse）。 The offline wheelhouse.
.PARAMETER Online
  wheelhouse を使わず PyPI から入れます（インターネットに出られる PC 用）。 Install from PyPI.
.PARAMETER FromSource
  wheelhouse の shiraoka_dx_desktop-*.whl ではなく、このチェックアウトからアプリケーションを入れます。
.PARAMETER Python
  Python 3.11（64 bit）の python.exe。既定は py ランチャーの "py -3.11"。
.PARAMETER Iscc
  Inno Setup の ISCC.exe。既定は PATH と標準の場所を探します。
.PARAMETER NoInstaller
  setup.exe を作りません（プログラムのフォルダだけ）。
.PARAMETER SkipSmokeTest
  出来上がったプログラムの動作確認を省きます。
#>
[CmdletBinding()]
param(
    [string]$Wheelhouse = "",
    [switch]$Online,
    [switch]$FromSource,
    [string]$Python = "",
    [string]$Iscc = "",
    [switch]$NoInstaller,
    [switch]$SkipSmokeTest
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$Here = Split-Path -Parent $MyInvocation.MyCommand.Path
$Root = Split-Path -Parent $Here
$BuildDir = Join-Path $Here 'build'
$Venv = Join-Path $BuildDir 'venv'
$VenvPython = Join-Path $Venv 'Scripts\python.exe'
$Work = Join-Path $BuildDir 'pyinstaller'
$Dist = Join-Path $Here 'dist'
$Bundle = Join-Path $Dist 'shiraoka-dx'

function Write-Step([string]$Message) { Write-Host "== $Message" -ForegroundColor Cyan }

function Invoke-Native {
    # Runs a program and stops the build when it fails (PowerShell does not, by itself).
    # A plain function: its arguments (-m, --db, ...) go to the program untouched.
    $exe = $args[0]
    $rest = @($args | Select-Object -Skip 1)
    & $exe @rest
    if ($LASTEXITCODE -ne 0) { throw "失敗しました (exit $LASTEXITCODE): $exe $($rest -join ' ')" }
}

function Invoke-PythonCode {
    # Runs a few lines of Python from a file (a multi-line -c argument does not survive
    # Windows PowerShell 5.1's quoting).
    $code = $args[0]
    $rest = @($args | Select-Object -Skip 1)
    $file = Join-Path $BuildDir 'snippet.py'
    [IO.File]::WriteAllText($file, $code, (New-Object Text.UTF8Encoding $false))
    Invoke-Native $VenvPython $file @rest
}

function Get-NativeOutput {
    # Output of a program, or $null when it fails; its stderr is dropped (with
    # ErrorActionPreference=Stop, Windows PowerShell turns a redirected stderr line into an error).
    $exe = $args[0]
    $rest = @($args | Select-Object -Skip 1)
    $saved = $ErrorActionPreference
    $ErrorActionPreference = 'Continue'
    try {
        $output = & $exe @rest 2>$null
        if ($LASTEXITCODE -ne 0) { return $null }
        return $output
    } catch {
        return $null
    } finally {
        $ErrorActionPreference = $saved
    }
}

function Find-Python {
    if ($Python) { return $Python }
    $launcher = Get-Command py.exe -ErrorAction SilentlyContinue
    if ($launcher) {
        $found = Get-NativeOutput $launcher.Source -3.11 -c "import sys; print(sys.executable)"
        if ($found) { return ([string]$found).Trim() }
    }
    $plain = Get-Command python.exe -ErrorAction SilentlyContinue
    if ($plain) {
        $version = Get-NativeOutput $plain.Source -c "import sys; print('%d.%d' % sys.version_info[:2])"
        if ($version -and ([string]$version).Trim() -eq '3.11') { return $plain.Source }
    }
    throw "Python 3.11（64 bit）が見つかりません。python-3.11.9-amd64.exe を入れるか、-Python で python.exe を指定してください。"
}

function Test-Sha256Sums([string]$Folder) {
    $sums = Join-Path $Folder 'SHA256SUMS'
    if (-not (Test-Path $sums)) {
        Write-Warning "SHA256SUMS がありません: 持ち込んだファイルを検査できません ($Folder)"
        return
    }
    $bad = 0
    $count = 0
    foreach ($line in Get-Content -LiteralPath $sums -Encoding UTF8) {
        if (-not $line.Trim()) { continue }
        $digest, $name = $line -split '\s+', 2
        $name = $name.TrimStart('*').Trim()
        $path = Join-Path $Folder ($name -replace '/', '\')
        $count++
        if (-not (Test-Path -LiteralPath $path)) {
            Write-Warning "ありません: $name"
            $bad++
        } elseif ((Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash.ToLowerInvariant() -ne $digest.ToLowerInvariant()) {
            Write-Warning "SHA-256 が一致しません（持ち込みの途中で変わったか壊れています）: $name"
            $bad++
        }
    }
    if ($bad -gt 0) { throw "wheelhouse の検査で $bad 件の問題がありました。持ち込み直してください。" }
    Write-Host "   SHA256SUMS: $count ファイルとも一致"
}

function Find-Iscc {
    if ($Iscc) { return $Iscc }
    $onPath = Get-Command ISCC.exe -ErrorAction SilentlyContinue
    if ($onPath) { return $onPath.Source }
    $candidates = @(
        (Join-Path $env:LOCALAPPDATA 'Programs\Inno Setup 6\ISCC.exe'),
        (Join-Path ${env:ProgramFiles(x86)} 'Inno Setup 6\ISCC.exe'),
        (Join-Path $env:ProgramFiles 'Inno Setup 6\ISCC.exe')
    )
    foreach ($candidate in $candidates) {
        if ($candidate -and (Test-Path -LiteralPath $candidate)) { return $candidate }
    }
    return $null
}

function Get-FolderSize([string]$Folder) {
    $sum = (Get-ChildItem -LiteralPath $Folder -Recurse -File | Measure-Object -Property Length -Sum).Sum
    return [int64]$sum
}

# --- 1. The wheelhouse ------------------------------------------------------------------------
$pipSource = @()
$appWheel = $null
if ($Online) {
    Write-Step "オンライン: PyPI から入れます"
} else {
    if (-not $Wheelhouse) { $Wheelhouse = Join-Path $Here 'wheelhouse' }
    if (-not (Test-Path -LiteralPath $Wheelhouse)) {
        throw "wheelhouse がありません: $Wheelhouse`nインターネットに出られる PC で installer\prepare_wheelhouse.ps1 を実行して持ち込むか、-Online を付けてください。"
    }
    $Wheelhouse = (Resolve-Path -LiteralPath $Wheelhouse).Path
    Write-Step "wheelhouse: $Wheelhouse"
    Test-Sha256Sums $Wheelhouse
    $pipSource = @('--no-index', '--find-links', $Wheelhouse)
    $appWheels = @(Get-ChildItem -LiteralPath $Wheelhouse -Filter 'shiraoka_dx_desktop-*.whl')
    if ($appWheels.Count -gt 1) { throw "wheelhouse にアプリケーションの wheel が複数あります: $($appWheels.Name -join ', ')" }
    if ($appWheels.Count -eq 1) { $appWheel = $appWheels[0].FullName }
}

# --- 2. A clean build environment -------------------------------------------------------------
$basePython = Find-Python
Write-Step "Python: $basePython"
New-Item -ItemType Directory -Force -Path $BuildDir | Out-Null
if (Test-Path -LiteralPath $Venv) { Remove-Item -LiteralPath $Venv -Recurse -Force }
Invoke-Native $basePython -m venv $Venv

if ($FromSource -or -not $appWheel) {
    $app = $Root
    Write-Step "アプリケーション: チェックアウトから ($Root)"
} else {
    $app = $appWheel
    Write-Step "アプリケーション: $(Split-Path -Leaf $appWheel)"
}
$pipArgs = @('-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '-q') + $pipSource + @(
    '-c', (Join-Path $Here 'constraints.txt'), $app, '-r', (Join-Path $Here 'requirements-build.txt'))
Invoke-Native $VenvPython @pipArgs
Invoke-PythonCode @'
import importlib.metadata as m, sys
names = ["shiraoka-dx-desktop", "PySide6-Essentials", "SQLAlchemy", "alembic", "openpyxl", "python-calamine", "reportlab", "pyinstaller"]
print("   Python", sys.version.split()[0] + ";", ", ".join(n + " " + m.version(n) for n in names))
'@
$version = (& $VenvPython -c "import importlib.metadata as m; print(m.version('shiraoka-dx-desktop'))").Trim()

# --- 3. PyInstaller ---------------------------------------------------------------------------
Write-Step "PyInstaller"
if (Test-Path -LiteralPath $Bundle) { Remove-Item -LiteralPath $Bundle -Recurse -Force }
New-Item -ItemType Directory -Force -Path $Work | Out-Null
$started = Get-Date
# From the work folder: "python -m" puts the current folder on sys.path, and PyInstaller would
# take the package from the checkout instead of the installed wheel.
Push-Location $Work
try {
    Invoke-Native $VenvPython -m PyInstaller --noconfirm --clean --log-level WARN `
        --distpath $Dist --workpath $Work (Join-Path $Here 'shiraoka-dx.spec')
} finally {
    Pop-Location
}
$exe = Join-Path $Bundle 'shiraoka-dx.exe'
if (-not (Test-Path -LiteralPath $exe)) { throw "$exe ができていません" }
$size = Get-FolderSize $Bundle
$files = @(Get-ChildItem -LiteralPath $Bundle -Recurse -File).Count
Write-Host ("   {0:N0} 秒で作成: {1}" -f ((Get-Date) - $started).TotalSeconds, $Bundle)
Write-Host ("   大きさ: {0:N1} MB ({1:N0} bytes, {2} files)" -f ($size / 1MB), $size, $files)

# --- 4. Does it run? --------------------------------------------------------------------------
if (-not $SkipSmokeTest) {
    Write-Step "動作確認 / smoke test"
    $tmp = Join-Path ([IO.Path]::GetTempPath()) ("shiraoka-dx-smoke-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $tmp | Out-Null
    $savedPlatform = $env:QT_QPA_PLATFORM
    $savedDb = $env:SHIRAOKA_DX_DB
    $savedEncoding = [Console]::OutputEncoding
    [Console]::OutputEncoding = New-Object Text.UTF8Encoding $false  # the program writes UTF-8
    Remove-Item Env:SHIRAOKA_DX_DB -ErrorAction SilentlyContinue
    try {
        $db = Join-Path $tmp 'fresh.sqlite'
        $check = Measure-Command { $script:checkOutput = & $exe --db $db check --json }
        if ($LASTEXITCODE -ne 0 -or -not (($script:checkOutput -join "`n") -match '"ok": true')) {
            $script:checkOutput | Write-Host
            throw "check --json が失敗しました (exit $LASTEXITCODE)"
        }
        Write-Host ("   ok  check --json（新しいデータベースを作成）: {0:N2} 秒" -f $check.TotalSeconds)
        $check = Measure-Command { & $exe --db $db check --json | Out-Null }
        Write-Host ("   ok  check --json（既存のデータベース）: {0:N2} 秒" -f $check.TotalSeconds)

        $xlsx = Join-Path $tmp 'out.xlsx'
        Invoke-Native $exe --db $db export xlsx $xlsx | Out-Null
        if (-not (Test-Path -LiteralPath $xlsx)) { throw "export xlsx: ファイルができていません" }
        Write-Host "   ok  export xlsx"
        if ((& $exe export --help) -match '\bpdf\b') {
            $pdf = Join-Path $tmp 'out.pdf'
            Invoke-Native $exe --db $db export pdf $pdf | Out-Null
            if (-not (Test-Path -LiteralPath $pdf)) { throw "export pdf: ファイルができていません" }
            Write-Host "   ok  export pdf"
        }

        # The window, offscreen: it must still be running after a while, with nothing on stderr.
        # (If this Windows user has never started the program, it waits at the invisible
        # user-name question: still a fair test that Qt and the program start.)
        $env:QT_QPA_PLATFORM = 'offscreen'
        $stderr = Join-Path $tmp 'window.err'
        $window = Start-Process -FilePath $exe -ArgumentList @('--db', "`"$db`"") -PassThru -WindowStyle Hidden `
            -RedirectStandardError $stderr -RedirectStandardOutput (Join-Path $tmp 'window.out')
        Start-Sleep -Seconds 8
        if ($window.HasExited) {
            Get-Content -LiteralPath $stderr | Write-Host
            throw "画面付きの起動が $($window.ExitCode) で終了しました"
        }
        Stop-Process -Id $window.Id -Force
        $window.WaitForExit()
        if (Select-String -LiteralPath $stderr -Pattern 'Traceback|Error|Could not load the Qt platform plugin' -Quiet) {
            Get-Content -LiteralPath $stderr | Write-Host
            throw "画面付きの起動でエラーが出ました"
        }
        Write-Host "   ok  画面（offscreen）が起動し、8 秒後も動いていました"
    } finally {
        $env:QT_QPA_PLATFORM = $savedPlatform
        [Console]::OutputEncoding = $savedEncoding
        if ($savedDb) { $env:SHIRAOKA_DX_DB = $savedDb }
        Remove-Item -LiteralPath $tmp -Recurse -Force -ErrorAction SilentlyContinue
    }
}

# --- 5. The installer -------------------------------------------------------------------------
if ($NoInstaller) {
    Write-Step "setup.exe は作りません (-NoInstaller)。プログラム: $Bundle"
    exit 0
}
$isccPath = Find-Iscc
if (-not $isccPath) {
    Write-Warning "Inno Setup 6 の ISCC.exe が見つかりません。Inno Setup 6.3 以降を入れるか -Iscc で指定してください。プログラムのフォルダはできています: $Bundle"
    exit 0
}
Write-Step "Inno Setup: $isccPath"
# The wizard and uninstaller icon, from the application's own PNG.
$icon = Join-Path $BuildDir 'shiraoka-dx.ico'
Invoke-PythonCode @'
import sys
from PIL import Image
from shiraoka_dx_desktop import paths
image = Image.open(paths.resources_dir() / "icons" / "shiraoka-dx.png")
image.save(sys.argv[1], sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
'@ $icon
$numbers = @([regex]::Matches($version, '\d+') | ForEach-Object { $_.Value }) + @('0', '0', '0', '0')
$numericVersion = ($numbers[0..3]) -join '.'
Invoke-Native $isccPath "/DAppVersion=$version" "/DAppVersionNumeric=$numericVersion" "/DDistDir=$Bundle" `
    "/DOutputDir=$Dist" "/DSetupIcon=$icon" (Join-Path $Here 'shiraoka-dx.iss')
$setup = Join-Path $Dist "shiraoka-dx-setup-$version.exe"
if (-not (Test-Path -LiteralPath $setup)) { throw "$setup ができていません" }
$hash = (Get-FileHash -LiteralPath $setup -Algorithm SHA256).Hash.ToLowerInvariant()
[IO.File]::WriteAllText("$setup.sha256", "$hash  $(Split-Path -Leaf $setup)`n", (New-Object Text.UTF8Encoding $false))
Write-Step "できました: $setup"
Write-Host ("   {0:N1} MB, SHA-256 {1}" -f ((Get-Item -LiteralPath $setup).Length / 1MB), $hash)
