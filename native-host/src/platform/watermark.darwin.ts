import { ProcessWatermark } from './watermark-process.ts';

/**
 * macOS: a JavaScript-for-Automation script (osascript -l JavaScript) opens
 * one borderless, transparent NSWindow per screen at the screen-saver level,
 * ignoring mouse events (click-through), on every Space, with the text at
 * 60% opacity. The script is a constant; the text reaches it as an
 * environment variable. The windows live as long as the child: hide() kills
 * it, and so does the host's exit.
 * Not run on this CI (no macOS); keep it small and review it with care.
 */
const SCRIPT = `
ObjC.import('Cocoa');
const text = $.NSProcessInfo.processInfo.environment.objectForKey('ORS_WATERMARK_TEXT').js;
const app = $.NSApplication.sharedApplication;
app.setActivationPolicy($.NSApplicationActivationPolicyAccessory);
const screens = $.NSScreen.screens;
for (let i = 0; i < screens.count; i++) {
  const frame = screens.objectAtIndex(i).frame;
  const w = $.NSWindow.alloc.initWithContentRectStyleMaskBackingDefer(frame, $.NSWindowStyleMaskBorderless, $.NSBackingStoreBuffered, false);
  w.opaque = false; w.backgroundColor = $.NSColor.clearColor; w.ignoresMouseEvents = true; w.hasShadow = false;
  w.level = $.NSScreenSaverWindowLevel;
  w.collectionBehavior = $.NSWindowCollectionBehaviorCanJoinAllSpaces | $.NSWindowCollectionBehaviorStationary;
  const label = $.NSTextField.labelWithString(text);
  label.font = $.NSFont.boldSystemFontOfSize(36);
  label.textColor = $.NSColor.systemOrangeColor.colorWithAlphaComponent(0.6);
  label.sizeToFit;
  label.setFrameOrigin($.NSMakePoint((frame.size.width - label.frame.size.width) / 2, frame.size.height * 0.45));
  w.contentView.addSubview(label);
  w.orderFrontRegardless;
}
if (screens.count > 0) $.NSFileHandle.fileHandleWithStandardOutput.writeData($('ORS_WATERMARK_UP\\n').dataUsingEncoding($.NSUTF8StringEncoding));
app.run;
`;

export class DarwinWatermark extends ProcessWatermark {
  constructor() {
    super('/usr/bin/osascript', ['-l', 'JavaScript', '-e', SCRIPT]);
  }
}
