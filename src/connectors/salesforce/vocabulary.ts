/** Salesforce's standard fields by the shared vocabulary (R5, R15; seed 002, apis.md §5). */
import type { StandardFields } from '../vocabulary.js';

const person = {
  email: 'Email',
  firstName: 'FirstName',
  lastName: { field: 'LastName', required: true },
  phone: 'Phone',
  mobile: 'MobilePhone',
  fax: 'Fax',
  jobTitle: 'Title',
} satisfies StandardFields;

export const SALESFORCE_STANDARD_FIELDS: Record<string, StandardFields> = {
  Contact: {
    ...person,
    street: 'MailingStreet',
    city: 'MailingCity',
    region: 'MailingState',
    postalCode: 'MailingPostalCode',
    country: 'MailingCountry',
  },
  // R6: leads hold their company by name (required) and their address without the Mailing prefix.
  Lead: {
    ...person,
    company: { field: 'Company', required: true },
    street: 'Street',
    city: 'City',
    region: 'State',
    postalCode: 'PostalCode',
    country: 'Country',
    website: 'Website',
  },
  Account: {
    name: { field: 'Name', required: true },
    phone: 'Phone',
    website: 'Website',
    city: 'BillingCity',
    country: 'BillingCountry',
    employees: 'NumberOfEmployees',
    revenue: 'AnnualRevenue',
  },
  Opportunity: {
    name: { field: 'Name', required: true },
    amount: 'Amount',
    closeDate: { field: 'CloseDate', required: true },
    stage: { field: 'StageName', required: true },
  },
  // R9: HubSpot's tasks and timeline activities become Salesforce tasks; picklists differ, so they map.
  Task: {
    timestamp: 'ActivityDate',
    subject: 'Subject',
    body: 'Description',
    taskStatus: {
      field: 'Status',
      options: { 'not-started': 'Not Started', 'in-progress': 'In Progress', completed: 'Completed', waiting: 'Waiting on someone else', deferred: 'Deferred' },
    },
    taskPriority: { field: 'Priority', options: { high: 'High', normal: 'Normal', low: 'Low' } },
  },
};
