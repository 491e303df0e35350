import { z } from 'zod';
import * as protocol from '@rs/protocol';

export type JsonSchema = Record<string, unknown>;
type Target = 'draft-2020-12' | 'draft-7';

/**
 * The protocol's exported schemas by object, named as exported without
 * `Schema` (`LoginRequestSchema` -> `LoginRequest`); an object exported under
 * two names keeps the first.
 */
export const SCHEMA_NAMES: ReadonlyMap<z.ZodType, string> = (() => {
  const names = new Map<z.ZodType, string>();
  for (const [name, value] of Object.entries(protocol)) {
    if (name.endsWith('Schema') && value instanceof z.ZodType && !names.has(value)) names.set(value, name.slice(0, -'Schema'.length));
  }
  return names;
})();

const MARK = '~input';
/** The component of a schema's input side, where it differs (`.` cannot occur in an exported name). */
const INPUT_SUFFIX = '.input';

/**
 * JSON Schemas of the protocol's named schemas for a document's components:
 * each named schema nested in another is a `$ref` to its own component, and
 * a schema whose input differs from its output (defaults, cleaned text) gets a
 * second component, `<Name>.input`, for request bodies. `components()` holds
 * only what `ref` handed out, and what those refer to (see `seal`).
 */
export class SchemaCatalogue {
  readonly #prefix: string;
  readonly #target: Target;
  readonly #output: Record<string, JsonSchema>;
  readonly #input: Record<string, JsonSchema>;
  readonly #same = new Map<string, boolean>();
  readonly #used = new Set<string>();

  constructor(prefix: string, target: Target) {
    this.#prefix = prefix;
    this.#target = target;
    const registry = z.registry<{ id: string }>();
    for (const [schema, id] of SCHEMA_NAMES) registry.add(schema, { id });
    const all = (io: 'input' | 'output', uri: (id: string) => string) =>
      z.toJSONSchema(registry, { io, target, unrepresentable: 'any', uri }).schemas as Record<string, JsonSchema>;
    this.#output = all('output', (id) => prefix + id);
    this.#input = all('input', (id) => prefix + id + MARK);
  }

  /** A `$ref` to a named schema's component, or the schema itself (with `$ref`s to named ones inside) when it has no name. */
  ref(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const name = SCHEMA_NAMES.get(schema);
    if (!name) return this.inline(schema, io);
    const key = this.#key(name, io);
    this.#use(key);
    return { $ref: this.#prefix + key };
  }

  /** The schema in place, nested named schemas inlined too (for parameters: small, and read where they stand). */
  inline(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    return strip(z.toJSONSchema(schema, { io, target: this.#target, unrepresentable: 'any' }) as JsonSchema);
  }

  /**
   * `doc` with `put(components)` done and, for a schema only ever used as
   * input, its `.input` component and every `$ref` to it under the plain name.
   */
  seal<T>(doc: T, put: (doc: T, components: Record<string, JsonSchema>) => void): T {
    put(doc, Object.fromEntries([...this.#used].sort().map((key) => [key, this.#component(key)])));
    let text = JSON.stringify(doc);
    for (const key of this.#used) {
      const plain = key.slice(0, -INPUT_SUFFIX.length);
      if (!key.endsWith(INPUT_SUFFIX) || this.#used.has(plain)) continue;
      text = text.replaceAll(`"${this.#prefix}${key}"`, `"${this.#prefix}${plain}"`).replaceAll(`"${key}":{`, `"${plain}":{`);
    }
    return JSON.parse(text) as T;
  }

  #key(name: string, io: 'input' | 'output'): string {
    return io === 'output' || this.#sameBothWays(name) ? name : name + INPUT_SUFFIX;
  }

  #component(key: string): JsonSchema {
    if (!key.endsWith(INPUT_SUFFIX)) return strip(this.#output[key]!);
    return strip(this.#renameInputRefs(this.#input[key.slice(0, -INPUT_SUFFIX.length)]!));
  }

  #use(key: string): void {
    if (this.#used.has(key)) return;
    this.#used.add(key);
    for (const match of JSON.stringify(this.#component(key)).matchAll(/"\$ref":"([^"]+)"/g)) {
      if (match[1]!.startsWith(this.#prefix)) this.#use(match[1]!.slice(this.#prefix.length));
    }
  }

  /** Whether a named schema reads the same as input and as output, its nested named schemas included. */
  #sameBothWays(name: string): boolean {
    const known = this.#same.get(name);
    if (known !== undefined) return known;
    this.#same.set(name, true); // a cycle is judged by the rest of it
    const input = JSON.stringify(this.#input[name]);
    const children = [...input.matchAll(new RegExp(`"\\$ref":"${escape(this.#prefix)}([^"]+)${escape(MARK)}"`, 'g'))].map((m) => m[1]!);
    const same = input.replaceAll(MARK, '') === JSON.stringify(this.#output[name]) && children.every((child) => this.#sameBothWays(child));
    this.#same.set(name, same);
    return same;
  }

  #renameInputRefs(schema: JsonSchema): JsonSchema {
    const text = JSON.stringify(schema).replace(new RegExp(`"\\$ref":"${escape(this.#prefix)}([^"]+)${escape(MARK)}"`, 'g'), (_all, child: string) => {
      const key = this.#key(child, 'input');
      return `"$ref":"${this.#prefix}${key}"`;
    });
    return JSON.parse(text) as JsonSchema;
  }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function strip({ $schema: _dialect, $id: _id, ...rest }: JsonSchema): JsonSchema {
  return rest;
}
