/**
 * describe and describeGlobal bodies built from the object specs, with the keys jsforce's
 * DescribeSObjectResult / Field types name (apis.md §2.6).
 */
import { DEFAULT_LENGTHS, labelOf, type SfFieldSpec, type SfObjectSpec } from '../standard-objects.js';

const SOAP_TYPES: Record<SfFieldSpec['type'], string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  boolean: 'xsd:boolean',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  int: 'xsd:int',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  string: 'xsd:string',
  textarea: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  picklist: 'xsd:string',
  multipicklist: 'xsd:string',
  combobox: 'xsd:string',
};
const NUMERIC = new Set(['double', 'currency', 'percent', 'int']);

function describeField(f: SfFieldSpec, object: SfObjectSpec): Record<string, unknown> {
  const system = f.readOnly === true;
  const nameField = f.name === 'Name';
  // Not nillable: required fields, ids, booleans, and fields the app always fills.
  const nillable = !(
    f.required ||
    f.type === 'id' ||
    f.type === 'boolean' ||
    f.defaultValue !== undefined ||
    (system && f.name !== 'Name') ||
    (object.custom && nameField)
  );
  return {
    aggregatable: f.type !== 'textarea',
    autoNumber: false,
    byteLength: (f.length ?? DEFAULT_LENGTHS[f.type] ?? 0) * 3,
    calculated: system && nameField,
    calculatedFormula: null,
    cascadeDelete: false,
    caseSensitive: false,
    compoundFieldName: null,
    controllerName: null,
    createable: !system,
    custom: !!f.custom,
    defaultValue: f.defaultValue ?? null,
    defaultValueFormula: null,
    defaultedOnCreate: system || f.type === 'boolean' || f.defaultValue !== undefined || f.name === 'OwnerId' || (!!object.custom && nameField),
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: f.type === 'int' ? 9 : 0,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: !!f.externalId,
    extraTypeInfo: null,
    filterable: f.type !== 'textarea',
    filteredLookupInfo: null,
    groupable: f.type !== 'textarea' && !NUMERIC.has(f.type),
    highScaleNumber: false,
    htmlFormatted: false,
    idLookup: f.type === 'id' || !!f.externalId || f.type === 'email',
    inlineHelpText: null,
    label: labelOf(f),
    length: NUMERIC.has(f.type) || f.type === 'boolean' || f.type === 'date' || f.type === 'datetime' ? 0 : (f.length ?? DEFAULT_LENGTHS[f.type] ?? 0),
    mask: null,
    maskType: null,
    name: f.name,
    nameField,
    namePointing: (f.referenceTo?.length ?? 0) > 1,
    nillable,
    permissionable: !system && !f.required,
    picklistValues: (f.picklist ?? []).map((value) => ({ active: true, defaultValue: value === f.defaultValue, label: value, validFor: null, value })),
    polymorphicForeignKey: (f.referenceTo?.length ?? 0) > 1,
    precision: f.type === 'currency' ? 18 : f.type === 'double' || f.type === 'percent' ? 18 : 0,
    queryByDistance: false,
    referenceTargetField: null,
    referenceTo: f.referenceTo ?? [],
    relationshipName: f.relationshipName ?? null,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: !!f.restricted,
    scale: f.type === 'currency' ? 2 : 0,
    soapType: SOAP_TYPES[f.type],
    sortable: f.type !== 'textarea' && f.type !== 'multipicklist',
    type: f.type,
    unique: !!f.unique,
    updateable: !system && f.type !== 'id',
    writeRequiresMasterRead: false,
  };
}

function urls(name: string, version: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

export function describeGlobalEntry(o: SfObjectSpec, version: string): Record<string, unknown> {
  return {
    activateable: false,
    createable: true,
    custom: !!o.custom,
    customSetting: false,
    deepCloneable: false,
    deletable: true,
    deprecatedAndHidden: false,
    feedEnabled: !o.custom,
    hasSubtypes: false,
    idEnabled: true,
    isInterface: false,
    isSubtype: false,
    keyPrefix: o.keyPrefix,
    label: o.label,
    labelPlural: o.labelPlural,
    layoutable: true,
    mergeable: o.name === 'Account' || o.name === 'Contact' || o.name === 'Lead',
    mruEnabled: true,
    name: o.name,
    queryable: true,
    replicateable: true,
    retrieveable: true,
    searchable: true,
    triggerable: true,
    undeletable: true,
    updateable: true,
    urls: urls(o.name, version),
  };
}

export function describeObject(
  o: SfObjectSpec,
  version: string,
  children: Array<{ object: string; field: string; relationshipName: string | null }>,
): Record<string, unknown> {
  return {
    ...describeGlobalEntry(o, version),
    actionOverrides: [],
    childRelationships: children.map((c) => ({
      cascadeDelete: false,
      childSObject: c.object,
      deprecatedAndHidden: false,
      field: c.field,
      junctionIdListNames: [],
      junctionReferenceTo: [],
      relationshipName: c.relationshipName,
      restrictedDelete: false,
    })),
    compactLayoutable: true,
    fields: o.fields.map((f) => describeField(f, o)),
    listviewable: null,
    lookupLayoutable: null,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: [
      {
        active: true,
        available: true,
        defaultRecordTypeMapping: true,
        developerName: 'Master',
        master: true,
        name: 'Master',
        recordTypeId: '012000000000000AAA',
        urls: {},
      },
    ],
    searchLayoutable: true,
    supportedScopes: [
      { label: 'All', name: 'everything' },
      { label: 'Mine', name: 'mine' },
    ],
    urls: { ...urls(o.name, version), compactLayouts: `/services/data/v${version}/sobjects/${o.name}/describe/compactLayouts` },
  };
}
