import { z } from 'zod';
import { int32 } from '../../http/schemas.ts';
import {
  CHANNEL_KINDS,
  CONTACT_ROLES,
  CUSTOMER_KINDS,
  FIELD_TYPES,
  GENDERS,
  PHONE_LABELS,
  PICKLISTS,
} from './schema.ts';

/** zod shapes of the customers API: validation, OpenAPI and TypeScript types from one source. */
const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const optText = (max: number) => text(max).nullable().optional();
const code = z.string().trim().min(1).max(40);

export const birthdaySchema = z
  .string()
  .regex(/^(\d{4}|-)-(\d{2})-(\d{2})$/, 'must be YYYY-MM-DD, or --MM-DD when the year is unknown');

export const channelInput = z.strictObject({
  kind: z.enum(CHANNEL_KINDS),
  label: z.enum(PHONE_LABELS).nullable().optional(),
  value: z.string().trim().min(1, 'is required').max(200),
  isPrimary: z.boolean().optional(),
});

export const addressInput = z.strictObject({
  label: optText(50),
  country: optText(60),
  province: optText(60),
  city: optText(60),
  district: optText(60),
  street: optText(200),
  postalCode: optText(20),
  text: optText(500),
  isPrimary: z.boolean().optional(),
});

const customerFields = {
  name: text(200).min(1, 'is required').optional(),
  familyName: optText(100),
  givenName: optText(100),
  reading: optText(200),
  honorific: optText(40),
  gender: z.enum(GENDERS).nullable().optional(),
  birthday: birthdaySchema.nullable().optional(),
  legalName: optText(300),
  industry: optText(100),
  size: optText(40),
  taxId: optText(40),
  grade: code.nullable().optional(),
  source: code.nullable().optional(),
  stage: code.nullable().optional(),
  referrerId: z.uuid().nullable().optional(),
  ownerId: z.uuid().nullable().optional(),
  tags: z.array(text(40).min(1)).max(50).optional(),
  notes: optText(10_000),
  custom: z.record(z.string().max(60), z.unknown()).optional(),
  channels: z.array(channelInput).max(30).optional(),
  addresses: z.array(addressInput).max(10).optional(),
};

export const customerCreate = z.strictObject({ kind: z.enum(CUSTOMER_KINDS), ...customerFields });
export const customerPatch = z.strictObject(customerFields);
export type CustomerCreate = z.infer<typeof customerCreate>;
export type CustomerPatch = z.infer<typeof customerPatch>;

export const channelOut = z.object({
  id: z.uuid(),
  kind: z.enum(CHANNEL_KINDS),
  label: z.enum(PHONE_LABELS).nullable(),
  value: z.string(),
  normalized: z.string(),
  isPrimary: z.boolean(),
});
export const addressOut = z.object({
  id: z.uuid(),
  label: z.string().nullable(),
  country: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  street: z.string().nullable(),
  postalCode: z.string().nullable(),
  text: z.string().nullable(),
  isPrimary: z.boolean(),
});
export const linkOut = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  organizationName: z.string(),
  personId: z.uuid(),
  personName: z.string(),
  role: z.enum(CONTACT_ROLES),
  title: z.string().nullable(),
  department: z.string().nullable(),
  isPrimary: z.boolean(),
  since: z.string().nullable(),
  until: z.string().nullable(),
  lastContactAt: z.date().nullable(),
});

export const customerSummary = z.object({
  id: z.uuid(),
  kind: z.enum(CUSTOMER_KINDS),
  name: z.string(),
  reading: z.string().nullable(),
  grade: z.string().nullable(),
  stage: z.string().nullable(),
  source: z.string().nullable(),
  tags: z.array(z.string()),
  ownerId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  primaryPhone: z.string().nullable(),
  primaryEmail: z.string().nullable(),
  city: z.string().nullable(),
  lastInteractionAt: z.date().nullable(),
  lastPurchaseAt: z.date().nullable(),
  orderCount: z.number(),
  totalSpend: z.number(),
  createdAt: z.date(),
  archivedAt: z.date().nullable(),
});

export const customerOut = customerSummary.extend({
  familyName: z.string().nullable(),
  givenName: z.string().nullable(),
  honorific: z.string().nullable(),
  gender: z.enum(GENDERS).nullable(),
  birthday: z.string().nullable(),
  legalName: z.string().nullable(),
  industry: z.string().nullable(),
  size: z.string().nullable(),
  taxId: z.string().nullable(),
  referrerId: z.uuid().nullable(),
  referrerName: z.string().nullable(),
  notes: z.string().nullable(),
  custom: z.record(z.string(), z.unknown()),
  firstPurchaseAt: z.date().nullable(),
  mergedIntoId: z.uuid().nullable(),
  updatedAt: z.date(),
  channels: z.array(channelOut),
  addresses: z.array(addressOut),
  organizations: z.array(linkOut),
  contacts: z.array(linkOut),
});
export type CustomerOut = z.infer<typeof customerOut>;
export type CustomerSummaryOut = z.infer<typeof customerSummary>;
export type LinkOut = z.infer<typeof linkOut>;

export const contactLinkInput = z.strictObject({
  personId: z.uuid().optional(),
  person: customerPatch.optional(),
  role: z.enum(CONTACT_ROLES).default('other'),
  title: optText(100),
  department: optText(100),
  isPrimary: z.boolean().optional(),
  since: z.iso.date().nullable().optional(),
  until: z.iso.date().nullable().optional(),
});
export const contactLinkPatch = contactLinkInput.omit({ personId: true, person: true }).partial();

export const picklistItemOut = z.object({
  id: z.uuid().nullable(),
  code: z.string(),
  label: z.string(),
  description: z.string().nullable(),
  builtin: z.boolean(),
  archived: z.boolean(),
});
export const picklistsOut = z.object(
  Object.fromEntries(PICKLISTS.map((l) => [l, z.array(picklistItemOut)])) as Record<
    (typeof PICKLISTS)[number],
    z.ZodArray<typeof picklistItemOut>
  >,
);

export const customFieldInput = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits and _ (max 40)'),
  label: text(100).min(1),
  type: z.enum(FIELD_TYPES),
  options: z.array(text(100).min(1)).max(100).optional(),
  required: z.boolean().optional(),
  position: int32.optional(),
});
export const customFieldOut = z.object({
  id: z.uuid(),
  key: z.string(),
  label: z.string(),
  type: z.enum(FIELD_TYPES),
  options: z.array(z.string()),
  required: z.boolean(),
  position: z.number(),
  archived: z.boolean(),
});
