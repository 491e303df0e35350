import { z } from 'zod';
import { lineText } from './common.ts';
import { ErrorCodeSchema } from './errors.ts';
import { parseTyped, type Parsed } from './parse.ts';

/**
 * The extension <-> native host contract (native messaging: 4-byte length +
 * UTF-8 JSON, 1 MiB cap both ways). The extension's first message is `hello`;
 * the host answers `helloResponse` or `incompatible` and exits. Requests carry
 * an `id` and get `ok { id }` or `error { id }`; input events are notices (no
 * reply unless they fail), so a stream of moves never waits on round trips.
 *
 * Coordinates are normalised to the shared view: 0..1 from the left/top edge
 * of the whole desktop the representative sees. The host maps them onto the
 * real monitors, so the extension never needs to know the screen layout.
 */

/** Version of the native host contract, checked in `hello`. */
export const NATIVE_PROTOCOL_VERSION = 1;

/** A position in the shared view, 0..1 on each axis. */
export const UnitSchema = z.number().finite().min(0).max(1);
const RequestId = z.string().min(1).max(64);

/** extension -> host, first message (request: `helloResponse` or `incompatible`). */
export const NativeHelloSchema = z.object({ type: z.literal('hello'), id: RequestId, v: z.number().int().positive() });

/** extension -> host request (`ok`): the customer allowed control; input is injected from now on. */
export const ControlGrantSchema = z.object({ type: z.literal('control.grant'), id: RequestId });
/** extension -> host request (`ok`): the customer took control back; later input is dropped. */
export const ControlRevokeSchema = z.object({ type: z.literal('control.revoke'), id: RequestId });

export const MouseButtonSchema = z.enum(['left', 'right', 'middle']);
export type MouseButton = z.infer<typeof MouseButtonSchema>;

/** extension -> host notice: move the pointer. Coalesced: only the latest pending move is applied. */
export const PointerMoveSchema = z.object({ type: z.literal('pointer.move'), x: UnitSchema, y: UnitSchema });
/** extension -> host notice: click at a position. */
export const PointerClickSchema = z.object({
  type: z.literal('pointer.click'),
  x: UnitSchema,
  y: UnitSchema,
  button: MouseButtonSchema.default('left'),
});
/** extension -> host notice: double click at a position (left button). */
export const PointerDoubleClickSchema = z.object({ type: z.literal('pointer.doubleClick'), x: UnitSchema, y: UnitSchema });
/** extension -> host notice: scroll by whole wheel steps (positive = down/right). */
export const PointerWheelSchema = z.object({
  type: z.literal('pointer.wheel'),
  dx: z.number().int().min(-50).max(50),
  dy: z.number().int().min(-50).max(50),
});

/** Keys a representative may press, by name (case-sensitive, nut.js `Key` names). Letters and digits as `A`..`Z`, `Num0`..`Num9`. */
export const KEY_NAMES = [
  'Return', 'Escape', 'Tab', 'Backspace', 'Delete', 'Space', 'Insert', 'Home', 'End', 'PageUp', 'PageDown',
  'Left', 'Right', 'Up', 'Down', 'F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9', 'F10', 'F11', 'F12',
  'LeftControl', 'LeftShift', 'LeftAlt', 'LeftSuper', 'RightControl', 'RightShift', 'RightAlt',
  'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z',
  'Num0', 'Num1', 'Num2', 'Num3', 'Num4', 'Num5', 'Num6', 'Num7', 'Num8', 'Num9',
] as const;
export const KeyNameSchema = z.enum(KEY_NAMES);
export type KeyName = z.infer<typeof KeyNameSchema>;

/** extension -> host notice: press and release a key, holding the modifiers listed first (a chord such as LeftControl + A). */
export const KeyPressSchema = z.object({
  type: z.literal('key.press'),
  keys: z.array(KeyNameSchema).min(1).max(4),
});
/** extension -> host notice: type text as the customer's keyboard would (any Unicode). */
export const TypeTextSchema = z.object({ type: z.literal('key.type'), text: z.string().min(1).max(2000) });

/** extension -> host request (`ok`): show the watermark naming the representative on every monitor. */
export const WatermarkShowSchema = z.object({
  type: z.literal('watermark.show'),
  id: RequestId,
  repName: lineText(80, { min: 1 }),
  /** The notice in the customer's language, naming the representative; the host draws its English one when absent or when it lacks the name. */
  text: lineText(200, { min: 1 }).optional(),
});
/** extension -> host request (`ok`): remove the watermark. */
export const WatermarkHideSchema = z.object({ type: z.literal('watermark.hide'), id: RequestId });
/** extension -> host request (`ok`, then the host exits): the session ended; stop everything. */
export const ShutdownSchema = z.object({ type: z.literal('shutdown'), id: RequestId });
/** extension -> host request (`ok`, then the host exits): the session ended; remove the watermark, uninstall (manifests and files) and exit. */
export const UninstallSchema = z.object({ type: z.literal('uninstall'), id: RequestId });

/** The control messages a representative may cause (forwarded only while the customer's grant is active). */
export const ControlInputSchema = z.discriminatedUnion('type', [
  PointerMoveSchema,
  PointerClickSchema,
  PointerDoubleClickSchema,
  PointerWheelSchema,
  KeyPressSchema,
  TypeTextSchema,
]);
export type ControlInput = z.infer<typeof ControlInputSchema>;

export const ExtensionToHostSchema = z.discriminatedUnion('type', [
  NativeHelloSchema,
  ControlGrantSchema,
  ControlRevokeSchema,
  ...ControlInputSchema.options,
  WatermarkShowSchema,
  WatermarkHideSchema,
  ShutdownSchema,
  UninstallSchema,
]);
export type ExtensionToHost = z.infer<typeof ExtensionToHostSchema>;
export type ExtensionToHostType = ExtensionToHost['type'];
const EXTENSION_TO_HOST_TYPES = new Set<string>(ExtensionToHostSchema.options.map((o) => o.shape.type.value));

// ---- host -> extension --------------------------------------------------------

/** host -> extension, answer to a compatible `hello`. */
export const HelloResponseSchema = z.object({
  type: z.literal('helloResponse'),
  id: RequestId,
  v: z.number().int(),
  hostVersion: z.string(),
  platform: z.string(),
});
/** host -> extension, answer to a `hello` with another version; the host exits after it. */
export const NativeIncompatibleSchema = z.object({ type: z.literal('incompatible'), id: RequestId.nullable(), v: z.number().int() });
/** host -> extension, success answer to a request. */
export const NativeOkSchema = z.object({ type: z.literal('ok'), id: RequestId });
/** host -> extension, typed failure: answers a request (its id) or a message that failed (id null). */
export const NativeErrorSchema = z.object({
  type: z.literal('error'),
  id: RequestId.nullable(),
  code: ErrorCodeSchema,
  message: z.string(),
});
/** host -> extension notice: the customer's own mouse or keyboard took over; injection paused for a short hold-off. */
export const LocalInputSchema = z.object({ type: z.literal('control.localInput') });

export const HostToExtensionSchema = z.discriminatedUnion('type', [
  HelloResponseSchema,
  NativeIncompatibleSchema,
  NativeOkSchema,
  NativeErrorSchema,
  LocalInputSchema,
]);
export type HostToExtension = z.infer<typeof HostToExtensionSchema>;
const HOST_TO_EXTENSION_TYPES = new Set<string>(HostToExtensionSchema.options.map((o) => o.shape.type.value));

/** Validates one decoded frame from the extension (object, known type, schema); never throws. */
export const parseExtensionToHost = (raw: unknown): Parsed<ExtensionToHost> =>
  parseTyped(ExtensionToHostSchema, EXTENSION_TO_HOST_TYPES, raw);

/** Validates one message from the host, in the extension; never throws. */
export const parseHostToExtension = (raw: unknown): Parsed<HostToExtension> =>
  parseTyped(HostToExtensionSchema, HOST_TO_EXTENSION_TYPES, raw);

const CONTROL_INPUT_TYPES = new Set<string>(ControlInputSchema.options.map((o) => o.shape.type.value));

/** Validates a control message from the representative (peer data channel) before it reaches the gatekeeper. */
export const parseControlInput = (raw: unknown): Parsed<ControlInput> => parseTyped(ControlInputSchema, CONTROL_INPUT_TYPES, raw);

/** Operating systems the server builds installers for. */
export const InstallerOsSchema = z.enum(['linux', 'windows', 'macos']);
export type InstallerOs = z.infer<typeof InstallerOsSchema>;

/**
 * installer -> host, on disk: what the installer wrote (`install.json` in the
 * host's folder), so the host can remove exactly that when the session ends.
 */
export const InstallRecordSchema = z.object({
  version: z.literal(1),
  /** Files written, host executable included. */
  files: z.array(z.string()),
  /** Host manifests written, one per browser found. */
  manifests: z.array(z.string()),
  /** Windows registry keys (HKCU) that point browsers at the manifests. */
  registryKeys: z.array(z.string()).default([]),
  /** Folders created, removed last when empty. */
  dirs: z.array(z.string()),
  /** Windows registry keys the install created above those in `registryKeys` (outermost first), removed when empty. */
  createdRegistryKeys: z.array(z.string()).default([]),
});
export type InstallRecord = z.infer<typeof InstallRecordSchema>;

/** The installer's file name per OS: what the server serves, the build writes and the customer is told to run. */
export const INSTALLER_FILE_NAMES: Record<InstallerOs, string> = {
  linux: 'open-remote-support-helper-linux-x64',
  windows: 'open-remote-support-helper-windows-x64.exe',
  macos: 'open-remote-support-helper-macos',
};
