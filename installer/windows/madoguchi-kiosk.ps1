<#
.SYNOPSIS
  Make this Windows PC a madoguchi kiosk: a local account that signs in by itself and
  runs only the kiosk, full screen (Assigned Access / Shell Launcher), restarted if it
  exits; the database password in a file only that account and administrators read.

.DESCRIPTION
  Run once, as an administrator, after madoguchi-setup.exe:
    powershell -ExecutionPolicy Bypass -File "C:\Program Files\madoguchi\windows\madoguchi-kiosk.ps1"

  Windows 10/11 Pro, Enterprise or Education. What it does:
   1. creates the local account "madoguchi-kiosk" (random password, never expires);
   2. Enterprise/Education: Shell Launcher v2 replaces explorer.exe for that account
      with madoguchiw.exe kiosk, restarted when it exits (WESL_UserSetting);
      Pro: Assigned Access cannot run a Win32 app without a custom XML profile:
      the script applies the single-app kiosk profile for madoguchiw.exe
      (Set-CimInstance on MDM_AssignedAccess) and autostarts it;
   3. automatic sign-in of that account (the Winlogon values; the account's random
      password is stored in HKLM, readable by administrators only: the account can
      do nothing but run the kiosk; Sysinternals Autologon stores it as an LSA secret
      instead, if the city prefers);
   4. ACLs: %PROGRAMDATA%\madoguchi\spool and logs for that account and
      administrators only; db-password likewise, if -DatabasePasswordFile is given;
   5. the smart-card service starts automatically (SCardSvr).

  NOT TRIED on a real Windows machine (docs/windows.md says what was and was not).

.PARAMETER DatabasePassword
  Written to %PROGRAMDATA%\madoguchi\db-password (readable by the kiosk account and
  administrators only); set database_password_file to that path in madoguchi.toml.
#>
[CmdletBinding()]
param(
  [string]$KioskUser = "madoguchi-kiosk",
  # What the account runs: "kiosk", or "display" for a lobby-display PC.
  [ValidateSet("kiosk", "display")][string]$App = "kiosk",
  [string]$InstallDir = "$env:ProgramFiles\madoguchi",
  [securestring]$DatabasePassword
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$data = Join-Path $env:ProgramData "madoguchi"
$kioskExe = Join-Path $InstallDir "madoguchiw.exe"
if (-not (Test-Path $kioskExe)) { throw "madoguchiw.exe not found in $InstallDir: run madoguchi-setup.exe first" }

function Write-Step($text) { Write-Host "[madoguchi] $text" }

# 1. The account.
Add-Type -AssemblyName System.Web
$plain = [System.Web.Security.Membership]::GeneratePassword(24, 4)
$secure = ConvertTo-SecureString $plain -AsPlainText -Force
if (-not (Get-LocalUser -Name $KioskUser -ErrorAction SilentlyContinue)) {
  New-LocalUser -Name $KioskUser -Password $secure -PasswordNeverExpires `
    -UserMayNotChangePassword -Description "madoguchi kiosk (signs in by itself)" | Out-Null
  Add-LocalGroupMember -Group "Users" -Member $KioskUser
  Write-Step "account $KioskUser created"
} else {
  Set-LocalUser -Name $KioskUser -Password $secure
  Write-Step "account $KioskUser exists: password renewed for the automatic sign-in"
}
$sid = (Get-LocalUser -Name $KioskUser).SID.Value

# 2. The kiosk shell.
$edition = (Get-CimInstance Win32_OperatingSystem).Caption
$command = "`"$kioskExe`" $App"
if ($edition -match "Enterprise|Education|IoT") {
  Enable-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher -NoRestart | Out-Null
  $launcher = [wmiclass]"\\.\root\standardcimv2\embedded:WESL_UserSetting"
  $launcher.SetEnabled($true) | Out-Null
  # Action 0: restart the shell when it exits.
  try { $launcher.RemoveCustomShell($sid) | Out-Null } catch { }
  $launcher.SetCustomShell($sid, $command, $null, $null, 0) | Out-Null
  Write-Step "Shell Launcher: $KioskUser runs only $command (restarted when it exits)"
} else {
  $profileId = "{6f0b3e2a-6d61-646f-6775-636869000002}"
  $xml = @"
<?xml version="1.0" encoding="utf-8"?>
<AssignedAccessConfiguration xmlns="http://schemas.microsoft.com/AssignedAccess/2017/config"
  xmlns:v4="http://schemas.microsoft.com/AssignedAccess/2021/config">
  <Profiles>
    <Profile Id="$profileId">
      <AllAppsList>
        <AllowedApps>
          <App DesktopAppPath="$kioskExe" v4:AutoLaunch="true" v4:AutoLaunchArguments="$App" />
        </AllowedApps>
      </AllAppsList>
      <v4:FileExplorerNamespaceRestrictions><v4:AllowRemovableDrives /></v4:FileExplorerNamespaceRestrictions>
      <StartLayout><![CDATA[<LayoutModificationTemplate xmlns="http://schemas.microsoft.com/Start/2014/LayoutModification" Version="1"><LayoutOptions StartTileGroupCellWidth="6" /><DefaultLayoutOverride><StartLayoutCollection><defaultlayout:StartLayout GroupCellWidth="6" xmlns:defaultlayout="http://schemas.microsoft.com/Start/2014/FullDefaultLayout" /></StartLayoutCollection></DefaultLayoutOverride></LayoutModificationTemplate>]]></StartLayout>
      <Taskbar ShowTaskbar="false"/>
    </Profile>
  </Profiles>
  <Configs>
    <Config>
      <Account>$env:COMPUTERNAME\$KioskUser</Account>
      <DefaultProfile Id="$profileId"/>
    </Config>
  </Configs>
</AssignedAccessConfiguration>
"@
  $mdm = Get-CimInstance -Namespace "root\cimv2\mdm\dmmap" -ClassName "MDM_AssignedAccess"
  $mdm.Configuration = [System.Net.WebUtility]::HtmlEncode($xml)
  Set-CimInstance -CimInstance $mdm
  Write-Step "Assigned Access: $KioskUser may run only madoguchiw.exe kiosk (started at sign-in)"
}

# 3. Automatic sign-in of the kiosk account.
$winlogon = "HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon"
Set-ItemProperty $winlogon -Name AutoAdminLogon -Value "1"
Set-ItemProperty $winlogon -Name DefaultUserName -Value $KioskUser
Set-ItemProperty $winlogon -Name DefaultDomainName -Value $env:COMPUTERNAME
Set-ItemProperty $winlogon -Name DefaultPassword -Value $plain
Remove-Variable plain
Write-Step "automatic sign-in as $KioskUser"

# 4. Private folders and the database password.
foreach ($dir in @("$data\spool", "$data\logs")) {
  New-Item -ItemType Directory -Force -Path $dir | Out-Null
  icacls $dir /inheritance:r /grant:r "*S-1-5-32-544:(OI)(CI)F" "*S-1-5-18:(OI)(CI)F" "${KioskUser}:(OI)(CI)M" | Out-Null
}
if ($DatabasePassword) {
  $file = Join-Path $data "db-password"
  $bstr = [Runtime.InteropServices.Marshal]::SecureStringToBSTR($DatabasePassword)
  try { [IO.File]::WriteAllText($file, [Runtime.InteropServices.Marshal]::PtrToStringBSTR($bstr)) }
  finally { [Runtime.InteropServices.Marshal]::ZeroFreeBSTR($bstr) }
  icacls $file /inheritance:r /grant:r "*S-1-5-32-544:F" "*S-1-5-18:F" "${KioskUser}:R" | Out-Null
  Write-Step "database password in $file (kiosk account and administrators only)"
}

# 5. The smart-card service.
Set-Service -Name SCardSvr -StartupType Automatic
Write-Step "done: restart, then check with: madoguchi doctor --role kiosk"
