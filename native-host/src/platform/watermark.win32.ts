import { ProcessWatermark } from './watermark-process.ts';

/**
 * Windows: a PowerShell/WinForms overlay, one borderless TopMost form per
 * screen, layered and transparent to clicks (WS_EX_LAYERED | WS_EX_TRANSPARENT
 * | WS_EX_TOOLWINDOW), with a transparency key so only the letters show, at
 * 60% opacity. The script is a constant; the text reaches it as an
 * environment variable, so message data is never parsed as code. The forms
 * live as long as the child process: hide() kills it, the host's exit kills
 * it, and the script ends itself when the host process is gone (killed
 * outright, with no exit handler run).
 * Not run on this CI (no Windows); keep it small and review it with care.
 */
const SCRIPT = `
Add-Type -AssemblyName System.Windows.Forms, System.Drawing
$sig = '[DllImport("user32.dll")] public static extern int GetWindowLong(IntPtr h, int i); [DllImport("user32.dll")] public static extern int SetWindowLong(IntPtr h, int i, int v);'
$w = Add-Type -MemberDefinition $sig -Name W -Namespace Ors -PassThru
$text = $env:ORS_WATERMARK_TEXT
$hostProcess = Get-Process -Id ([int]$env:ORS_HOST_PID) -ErrorAction SilentlyContinue
$forms = foreach ($s in [System.Windows.Forms.Screen]::AllScreens) {
  $f = New-Object System.Windows.Forms.Form
  $f.FormBorderStyle = 'None'; $f.ShowInTaskbar = $false; $f.TopMost = $true
  $f.StartPosition = 'Manual'; $f.Bounds = $s.Bounds
  $f.BackColor = [System.Drawing.Color]::Magenta; $f.TransparencyKey = $f.BackColor; $f.Opacity = 0.6
  $l = New-Object System.Windows.Forms.Label
  $l.Text = $text; $l.AutoSize = $true; $l.ForeColor = [System.Drawing.Color]::OrangeRed
  $l.Font = New-Object System.Drawing.Font('Segoe UI', 28, [System.Drawing.FontStyle]::Bold)
  $f.Controls.Add($l)
  $f.Add_Shown({ param($sender) $lab = $sender.Controls[0]; $lab.Left = [int](($sender.Width - $lab.Width) / 2); $lab.Top = [int]($sender.Height * 0.45)
    $w::SetWindowLong($sender.Handle, -20, $w::GetWindowLong($sender.Handle, -20) -bor 0x80020 -bor 0x80) | Out-Null })
  $f
}
$timer = New-Object System.Windows.Forms.Timer; $timer.Interval = 250
$timer.Add_Tick({
  if ($hostProcess -eq $null -or $hostProcess.HasExited) { [System.Windows.Forms.Application]::Exit() }
  foreach ($f in $forms) { $f.TopMost = $true } }); $timer.Start()
foreach ($f in $forms) { $f.Show() }
if (@($forms).Count -gt 0 -and -not (@($forms) | Where-Object { -not $_.Visible })) { [Console]::Out.WriteLine('ORS_WATERMARK_UP'); [Console]::Out.Flush() }
[System.Windows.Forms.Application]::Run()
`;

export class Win32Watermark extends ProcessWatermark {
  constructor() {
    super('powershell.exe', ['-NoProfile', '-NonInteractive', '-WindowStyle', 'Hidden', '-Command', SCRIPT], {
      env: { ORS_HOST_PID: String(process.pid) },
      windowsHide: true,
    });
  }
}
