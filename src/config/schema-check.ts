/**
 * Stage one of validation: the JSON Schema in schema/ (ajv, strict, allErrors), with ajv's
 * structured errors turned into located diagnostics that name the key and suggest the fix.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { append } from '../group-by.js';
import type { Diagnostic } from './diagnostics.js';
import { didYouMean } from './closest.js';
import { hiddenValue, isCredentialPath } from './credentials.js';
import type { SyncFile } from './schema-types.js';
import { validate as generated } from './schema-validate.generated.js';
import { diagnosticAt, locate, type SourceFile } from './source.js';

/**
 * The validator, a type guard for SyncFile. Compiled from the schema at development time
 * (`npm run gen:validator`), so no run compiles it.
 */
export function syncFileValidator(): ValidateFunction<SyncFile> {
  return generated as unknown as ValidateFunction<SyncFile>;
}

const splitPath = (instancePath: string) =>
  instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

/** A value as a message quotes it: long strings cut, so one 100 KB value cannot flood a CI log. */
const show = (value: unknown) => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${text.length > 120 ? `${text.slice(0, 80)}…" (${String(value).length} characters)` : text}`;
};

const where = (path: string[]) => (path.length ? `\`${path.join('.')}\`` : 'the file');

/** Turns one ajv error into a diagnostic, or undefined when another error already says it better. */
function toDiagnostic(file: SourceFile, e: ErrorObject): Diagnostic | undefined {
  const path = splitPath(e.instancePath);
  const at = (key = false) => locate(file, path, key);
  // A credential's value is never quoted, whatever is wrong with it; nor is a whole file that is one
  // scalar, which is no configuration and may well be a secrets file (KEY=value lines).
  const describe = isCredentialPath(path) || path.length === 0 ? hiddenValue : show;
  if (e.keyword === 'type' && path.length === 3 && isCredentialPath(path)) return inlineSecret(file, path, e.data);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      return diagnosticAt(
        file,
        locate(file, [...path, key], true),
        'unknown-key',
        `unknown key \`${key}\` in ${where(path)}`,
        didYouMean(key, allowed) ?? (allowed.length ? `allowed keys: ${allowed.join(', ')}` : undefined),
      );
    }
    case 'required':
      return diagnosticAt(
        file,
        at(),
        'missing-key',
        `${where(path)} is missing the required key \`${e.params.missingProperty}\``,
        `add \`${e.params.missingProperty}:\``,
      );
    case 'type':
      return diagnosticAt(file, at(), 'wrong-type', `${where(path)} must be ${e.params.type}, not ${describe(e.data)}`);
    case 'enum':
    case 'const': {
      const allowed = (e.keyword === 'enum' ? e.params.allowedValues : [e.params.allowedValue]) as unknown[];
      return diagnosticAt(
        file,
        at(),
        'invalid-value',
        `${where(path)} is ${describe(e.data)}; allowed: ${allowed.join(', ')}`,
        typeof e.data === 'string' ? didYouMean(e.data, allowed.map(String)) : undefined,
      );
    }
    case 'discriminator':
      return undefined; // the enum error on `app` says it, with a suggestion
    case 'minProperties':
    case 'minItems':
    case 'minLength':
      return diagnosticAt(file, at(), 'empty-value', `${where(path)} must not be empty`, undefined);
    case 'maxProperties':
      return diagnosticAt(
        file,
        at(),
        'invalid-value',
        `${where(path)} takes exactly one of its keys`,
        'for a secret write either `env: NAME` or `secret: NAME`',
      );
    case 'pattern':
      return diagnosticAt(
        file,
        at(),
        'invalid-value',
        `${where(path)} is ${describe(e.data)}, which does not have the expected form`,
        patternHint(path, e.params.pattern as string),
      );
    case 'format':
      return diagnosticAt(file, at(), 'invalid-value', `${where(path)} must be a ${e.params.format}, not ${describe(e.data)}`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return diagnosticAt(file, at(), 'invalid-value', `${where(path)} must be ${e.params.comparison} ${e.params.limit}, not ${describe(e.data)}`);
    case 'uniqueItems':
      return diagnosticAt(file, at(), 'invalid-value', `${where(path)} lists the same value twice`, 'remove the repeated entry');
    case 'propertyNames':
      return undefined; // the nested `pattern` error on the name says it
    default:
      return diagnosticAt(file, at(), 'invalid-value', `${where(path)} ${e.message ?? 'is not valid'}`);
  }
}

function patternHint(path: string[], pattern: string): string {
  const key = path.at(-1) ?? '';
  if (pattern.includes('ms|s|m|h')) return 'write a duration such as 500ms, 30s, 5m or 1h';
  if (key === 'env' || key === 'secret') return 'name a variable such as HUBSPOT_TOKEN (letters, digits, underscores)';
  if (key === 'name' || path[0] === 'connections') return 'use lower-case letters, digits, - and _, starting with a letter';
  if (key === 'version') return 'write an API version such as "59.0"';
  return `expected the pattern ${pattern}`;
}

/**
 * ajv reports every branch of a failed oneOf. Keep the branch whose type matched the data (the
 * user's evident intent) and drop the rest; if no branch matched, keep only the oneOf error.
 */
function pruneOneOf(errors: ErrorObject[]): ErrorObject[] {
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');
  if (!oneOfs.length) return errors;
  const drop = new Set<ErrorObject>();
  for (const o of oneOfs) {
    const prefix = o.schemaPath.replace(/oneOf$/, 'oneOf/');
    const branches = new Map<string, ErrorObject[]>();
    for (const e of errors) {
      if (e !== o && e.schemaPath.startsWith(prefix)) {
        const branch = e.schemaPath.slice(prefix.length).split('/')[0]!;
        append(branches, branch, e);
      }
    }
    const typeMatched = [...branches.values()].filter(
      (errs) => !errs.some((e) => (e.keyword === 'type' || e.keyword === 'enum') && e.instancePath === o.instancePath),
    );
    const keep = typeMatched.length >= 1 ? typeMatched[0]! : [];
    for (const errs of branches.values()) for (const e of errs) if (!keep.includes(e)) drop.add(e);
    if (keep.length) drop.add(o);
  }
  return errors.filter((e) => !drop.has(e));
}

function inlineSecret(file: SourceFile, path: string[], value: unknown): Diagnostic {
  const key = path[2]!;
  return diagnosticAt(
    file,
    locate(file, path),
    'inline-secret',
    `${where(path)} is written inline: ${hiddenValue(value)}; credentials are never read from syncs/`,
    `write \`${key}: { env: NAME }\` (an environment variable) or \`${key}: { secret: KEY }\` (a KEY=value line in settings.secrets_file), and rotate this credential: it has been written to a file`,
  );
}

function oneOfDiagnostic(file: SourceFile, e: ErrorObject): Diagnostic {
  const path = splitPath(e.instancePath);
  const describe = isCredentialPath(path) || path.length === 0 ? hiddenValue : show;
  const branches = (e.schema as Array<{ type?: unknown; enum?: unknown[]; $ref?: string }>) ?? [];
  const kinds = branches.map((b) =>
    b.enum ? b.enum.join(' or ') : b.$ref ? b.$ref.split('/').pop() : Array.isArray(b.type) ? b.type.join(' or ') : String(b.type),
  );
  return diagnosticAt(file, locate(file, path), 'wrong-type', `${where(path)} must be ${kinds.join(', or ')}; it is ${describe(e.data)}`);
}

/** The most items one list may have. No sync needs more; ajv's uniqueItems and locating each item's error are quadratic. */
export const MAX_LIST_ITEMS = 2000;

/** The first list longer than MAX_LIST_ITEMS, walked without recursion (the data may be deeply nested). */
function overlongList(data: unknown): { path: string[]; length: number } | undefined {
  // Each entry keeps its parent, so the path is built only for the list that is found.
  type Entry = { node: unknown; key: string; parent?: Entry };
  const stack: Entry[] = [{ node: data, key: '' }];
  while (stack.length) {
    const entry = stack.pop()!;
    const { node } = entry;
    if (Array.isArray(node) && node.length > MAX_LIST_ITEMS) {
      const path: string[] = [];
      for (let e: Entry | undefined = entry; e?.parent; e = e.parent) path.push(e.key);
      return { path: path.reverse(), length: node.length };
    }
    if (node && typeof node === 'object') for (const [key, value] of Object.entries(node)) stack.push({ node: value, key, parent: entry });
  }
  return undefined;
}

export function checkSchema(file: SourceFile): { ok: boolean; diagnostics: Diagnostic[] } {
  const long = overlongList(file.data);
  if (long) {
    return {
      ok: false,
      diagnostics: [
        diagnosticAt(
          file,
          locate(file, long.path),
          'too-many-items',
          `${where(long.path)} has ${long.length} items; at most ${MAX_LIST_ITEMS} are allowed`,
          'a sync needs far fewer; split it, or check that the list was not generated by mistake',
        ),
      ],
    };
  }
  const validate = syncFileValidator();
  if (validate(file.data)) return { ok: true, diagnostics: [] };
  const errors = pruneOneOf(validate.errors ?? []);
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const d = e.keyword === 'oneOf' ? oneOfDiagnostic(file, e) : toDiagnostic(file, e);
    if (!d) continue;
    const key = `${d.line}:${d.col}:${d.code}:${d.message}`;
    if (!seen.has(key)) diagnostics.push(d), seen.add(key);
  }
  return { ok: false, diagnostics };
}
