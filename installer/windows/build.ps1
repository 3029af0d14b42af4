# Build dist\madoguchi\ and the installer on Windows (what installer/bundle/build.sh
# does on Debian). Needs Python 3.11 (python.org, x64), the BIZ UD fonts (Windows 10+
# ships them), IPAmj明朝 (moji.or.jp) and the SKK dictionaries in folders named by
# MADOGUCHI_BUNDLE_FONTS / MADOGUCHI_BUNDLE_SKK, and Inno Setup 6 (iscc) for the .exe.
# NOT TRIED (docs/windows.md).
$ErrorActionPreference = "Stop"
$root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
$venv = Join-Path $root "build\bundle-venv"
if (-not (Test-Path "$venv\Scripts\python.exe")) { py -3.11 -m venv $venv }
& "$venv\Scripts\python.exe" -m pip install --upgrade pip
& "$venv\Scripts\python.exe" -m pip install --require-hashes --no-deps `
  -r "$root\installer\requirements.lock" -r "$root\installer\build.lock"
& "$venv\Scripts\python.exe" -m pip install --no-deps --force-reinstall $root
Push-Location (Join-Path $root "build")
try {
  & "$venv\Scripts\pyinstaller.exe" --noconfirm --clean --distpath "$root\dist" `
    --workpath "$root\build\pyinstaller" "$root\installer\bundle\madoguchi.spec"
} finally { Pop-Location }
& "$root\dist\madoguchi\madoguchi.exe" --version
iscc "/DAppVersion=0.1.0" "$root\installer\windows\madoguchi.iss"
