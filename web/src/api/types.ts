/** Shapes of the API responses the SPA reads (mirrors the server's zod schemas). */
export interface Tenant {
  id: string;
  name: string;
  slug: string;
  currency: string;
  timezone: string;
  phoneRegion: string;
  locale: string;
  /** Whether the server is set up to send mail (SMTP_URL), when it says. */
  mailEnabled?: boolean;
}
export interface User {
  id: string;
  email: string;
  name: string;
  role: string;
  orgUnitId: string | null;
  locale: string | null;
  active: boolean;
}
export interface Me {
  user: User;
  tenant: Tenant;
  csrfToken: string | null;
  permissions: string[];
}
export interface Channel {
  id: string;
  kind: string;
  label: string | null;
  value: string;
  normalized: string;
  isPrimary: boolean;
}
export interface Address {
  id: string;
  province: string | null;
  city: string | null;
  district: string | null;
  street: string | null;
  postalCode: string | null;
  text: string | null;
  country: string | null;
}
export interface Link {
  id: string;
  organizationId: string;
  organizationName: string;
  personId: string;
  personName: string;
  role: string;
  title: string | null;
  department: string | null;
  isPrimary: boolean;
  lastContactAt: string | null;
}
export interface CustomerSummary {
  id: string;
  kind: 'person' | 'organization';
  name: string;
  reading: string | null;
  grade: string | null;
  stage: string | null;
  source: string | null;
  tags: string[];
  ownerId: string | null;
  ownerName: string | null;
  primaryPhone: string | null;
  primaryEmail: string | null;
  city: string | null;
  lastInteractionAt: string | null;
  lastPurchaseAt: string | null;
  orderCount: number;
  totalSpend: number;
  createdAt: string;
}
export interface Customer extends CustomerSummary {
  familyName: string | null;
  givenName: string | null;
  honorific: string | null;
  gender: string | null;
  birthday: string | null;
  legalName: string | null;
  industry: string | null;
  taxId: string | null;
  notes: string | null;
  custom: Record<string, unknown>;
  archivedAt: string | null;
  channels: Channel[];
  addresses: Address[];
  organizations: Link[];
  contacts: Link[];
  referrerName: string | null;
}
export interface Task {
  id: string;
  title: string;
  notes: string | null;
  dueAt: string;
  assigneeId: string;
  assigneeName: string | null;
  customerId: string | null;
  customerName: string | null;
  priority: 'low' | 'normal' | 'high';
  doneAt: string | null;
}
export interface Interaction {
  id: string;
  type: string;
  direction: string | null;
  occurredAt: string;
  summary: string;
  outcome: string | null;
  sentiment: string | null;
}
export interface TimelineItem {
  at: string;
  kind: string;
  id: string;
  title: string;
  detail?: string | null;
  actorName?: string | null;
}
export interface MyDay {
  overdue: Task[];
  today: Task[];
  upcoming: Task[];
  birthdays: {
    customerId: string;
    name: string;
    kind: 'customer' | 'contact';
    organizationName: string | null;
    age: number | null;
  }[];
  counts: { overdue: number; today: number; upcoming: number; birthdays: number };
}
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
export interface PicklistItem {
  id: string | null;
  code: string;
  label: string;
  description: string | null;
  builtin: boolean;
  archived: boolean;
}
export type Picklists = Record<'grade' | 'source' | 'stage' | 'industry', PicklistItem[]>;
export interface CustomField {
  id: string;
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'select' | 'multiselect';
  options: string[];
  required: boolean;
  archived: boolean;
}

export interface Product {
  id: string;
  name: string;
  sku: string | null;
  category: string | null;
  price: number;
  cost: number | null;
  archived: boolean;
}

/** The engine's pages (issue 11) answer `{ items, nextCursor }`; read either that or the usual `data`. */
export interface ItemsPage<T> {
  items?: T[];
  data?: T[];
  nextCursor: string | null;
}
export const itemsOf = <T>(p: ItemsPage<T> | undefined): T[] => p?.items ?? p?.data ?? [];

export interface AppNotification {
  id: string;
  /** `task.assigned`, `customer.assigned`, `job.failed`, `job.completed`; others may come later. */
  kind: string;
  params: Record<string, unknown>;
  /** An app path (`/customers/<id>`) to open; null when there is nothing to open. */
  link: string | null;
  createdAt: string;
  readAt: string | null;
}
export interface NotificationPage extends ItemsPage<AppNotification> {
  unread?: number;
}
export interface NotificationPrefs {
  kinds: { kind: string; email: boolean }[];
  /** Whether the server can send mail at all (when it says). */
  mailEnabled?: boolean;
}

export type JobState = 'queued' | 'active' | 'retrying' | 'completed' | 'dead' | 'cancelled';
export interface JobRun {
  id: string;
  name: string;
  state: JobState;
  attempt: number;
  done: number;
  total: number | null;
  /** Items per second; null before any progress. */
  rate: number | null;
  /** Seconds left; null when the total is unknown. */
  eta: number | null;
  errors: { count: number; items: { message: string; item?: unknown }[] };
  lastError: string | null;
  result: unknown;
  cronName: string | null;
  occurrence: string | null;
  createdBy: string | null;
  cancelRequested: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export type MailState = 'queued' | 'sending' | 'sent' | 'deferred' | 'failed';
export interface MailRow {
  id: string;
  kind: string;
  to: string;
  subject: string;
  state: MailState;
  attempts: number;
  /** The SMTP server's last answer, or the connection error. */
  lastResponse: string | null;
  createdAt: string;
  sentAt: string | null;
}
