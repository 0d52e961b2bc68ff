/**
 * The shared vocabulary of standard fields (R5, R15). Each registry entry names its standard fields
 * by these terms (`standardFields`); a pair's recommended mappings pair the fields two entries name
 * by the same term, so no table is kept per app pair. A term says how its values are compared
 * (transforms) and, for a picklist, the options each app's own values are mapped through.
 */
type Transform = 'trim' | 'lowercase' | 'phone';

interface TermInfo {
  transform: readonly Transform[];
  /** A picklist's options, as the apps' own values are mapped to them (R9: task status and priority). */
  options?: readonly string[];
}

const text = { transform: ['trim'] } as const;
const phone = { transform: ['phone'] } as const;
const asIs = { transform: [] } as const;

export const TERMS = {
  // R18, R24: email is the default match key, compared trimmed and case-folded.
  email: { transform: ['trim', 'lowercase'] },
  firstName: text,
  lastName: text,
  // R17: Google's first phone number maps to phone, further ones only when labelled mobile or fax.
  phone,
  mobile: phone,
  fax: phone,
  company: text,
  jobTitle: text,
  street: text,
  city: text,
  region: text,
  postalCode: text,
  country: text,
  website: text,
  name: text,
  employees: asIs,
  revenue: asIs,
  amount: asIs,
  closeDate: asIs,
  stage: asIs,
  // R9: activities and tasks.
  timestamp: asIs,
  subject: text,
  body: asIs,
  taskStatus: { transform: [], options: ['not-started', 'in-progress', 'completed', 'waiting', 'deferred'] },
  taskPriority: { transform: [], options: ['high', 'normal', 'low'] },
} as const satisfies Record<string, TermInfo>;

export type Term = keyof typeof TERMS;

/** An option of a picklist term. */
export type TermOption = { [T in Term]: (typeof TERMS)[T] extends { options: readonly (infer O)[] } ? O : never }[Term];

/** A standard field: its name in the app, or the name with what the app adds. */
export type StandardField =
  | string
  | {
      field: string;
      /** R15: the app needs it, so a mapping of it stays switched on. */
      required?: boolean;
      /** The app's own value of each option of the term. */
      options?: Partial<Record<TermOption, string>>;
    };

/** An app's standard fields of one object, by term, in the order its recommended mappings list them. */
export type StandardFields = Partial<Record<Term, StandardField>>;
