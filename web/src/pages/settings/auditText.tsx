import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { birthdayText } from '../../components/dates.ts';
import { zoneLabel } from '../../components/RegionSelects.tsx';
import { dateTime, money } from '../../format.ts';

/** What an id stands for (from the audit page's `refs`). */
export interface AuditRef {
  kind: string;
  name: string;
  customerId: string | null;
  subtype?: string;
  total?: number;
  currency?: string;
}

export interface AuditRow {
  id: string;
  at: string;
  actorType: 'user' | 'token' | 'system';
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  changes: Record<string, { from: unknown; to: unknown }> | null;
}

/** The actions the log knows how to say; anything else falls back to "changed <entity>". */
export const ACTIONS = [
  'customer.create',
  'customer.update',
  'customer.archive',
  'customer.unarchive',
  'customer.merge',
  'customer.merged_into',
  'customer.merge_undo',
  'customer.assign',
  'contact.link',
  'contact.update',
  'contact.unlink',
  'order.create',
  'order.return',
  'product.create',
  'product.update',
  'interaction.create',
  'interaction.update',
  'task.create',
  'task.update',
  'task.complete',
  'task.reopen',
  'user.create',
  'user.update',
  'user.deactivate',
  'user.reactivate',
  'user.password_change',
  'user.password_reset',
  'user.password_invite',
  'unit.create',
  'unit.update',
  'tenant.create',
  'tenant.update',
  'session.create',
  'session.revoke',
  'token.create',
  'token.revoke',
  'picklist.create',
  'picklist.update',
  'custom_field.create',
  'custom_field.update',
];
export const ENTITIES = [
  'customer',
  'order',
  'interaction',
  'task',
  'product',
  'user',
  'org_unit',
  'tenant',
  'api_token',
  'session',
  'custom_field',
  'picklist_item',
];

/** Fields that repeat another (ownerName next to ownerId) or mean nothing to a reader. */
const NOISE = new Set(['id', 'tenantId', 'ownerName', 'referrerName', 'createdBy', 'updatedAt', 'createdAt', 'slug']);
const MONEY = new Set(['total', 'price', 'cost', 'totalSpend', 'unitPrice', 'discount', 'amount', 'costTotal']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export interface Ctx {
  t: TFunction;
  lang: string;
  tz: string;
  currency: string;
  refs: Record<string, AuditRef>;
  picklist: (list: 'grade' | 'source' | 'stage' | 'industry', code: string) => string;
  /** The business's own fields: key → label. */
  customLabels: Record<string, string>;
}

export const actionLabel = (a: string, c: Ctx) =>
  ACTIONS.includes(a)
    ? c.t(`audit.actions.${a.replace('.', '_')}`)
    : c.t('audit.actions.other', { entity: entityLabel(a.split('.')[0], c) });
export const entityLabel = (e: string, c: Ctx) =>
  ENTITIES.includes(e) ? c.t(`audit.entities.${e}`) : c.t('audit.entities.other');

export function fieldLabel(key: string, c: Ctx): string {
  const k = `audit.fields.${key}`;
  if (c.t(k, { defaultValue: '' })) return c.t(k);
  const k2 = `customer.${key}`;
  if (typeof c.t(k2, { defaultValue: '' }) === 'string' && c.t(k2, { defaultValue: '' })) return c.t(k2);
  return c.t('audit.fields.other');
}

/** The record an entry is about: its name, linking to the customer file it belongs to. */
export function recordCell(r: AuditRow, c: Ctx, tenantName: string): ReactNode {
  const kind = entityLabel(r.entity, c);
  if (r.entity === 'tenant') return `${kind} · ${tenantName}`;
  const ref = r.entityId ? c.refs[r.entityId] : undefined;
  if (!ref) return kind;
  const label = refLabel(ref, c);
  const to = ref.kind === 'customer' ? r.entityId : ref.customerId;
  return (
    <span>
      <span className="muted">{kind} · </span>
      {to ? <Link to={`/customers/${to}`}>{label}</Link> : label}
    </span>
  );
}

function refLabel(ref: AuditRef, c: Ctx): string {
  if (ref.kind === 'order' && ref.total !== undefined)
    return `${c.t(ref.subtype === 'return' ? 'orders.returnKind' : 'audit.sale')} ${money(
      Math.abs(ref.total),
      ref.currency ?? c.currency,
      c.lang,
    )} · ${ref.name}`;
  if (ref.kind === 'interaction' && ref.subtype) return `${c.t(`diary.types.${ref.subtype}`)} · ${ref.name}`;
  return ref.name;
}

/** One value as a reader would say it: a name for an id, money with its currency, a local time, a label for a code. */
export function valueText(key: string, v: unknown, r: AuditRow, c: Ctx): ReactNode {
  if (v === null || v === undefined || v === '') return c.t('audit.empty');
  if (Array.isArray(v)) {
    if (v.length === 0) return c.t('audit.empty');
    const sep = c.lang === 'en' ? ', ' : '、';
    return v.map((x, i) => (
      // biome-ignore lint/suspicious/noArrayIndexKey: a stored list, shown as it was
      <span key={i}>
        {i > 0 && sep}
        {valueText(key, x, r, c)}
      </span>
    ));
  }
  if (typeof v === 'boolean') return c.t(v ? 'common.yes' : 'common.no');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.name === 'string') return o.name; // e.g. mergedFrom: {id, name, mergeId}
    const colon = c.lang === 'en' ? ': ' : '：';
    return Object.entries(o)
      .map(
        ([k, x]) =>
          `${key === 'custom' ? (c.customLabels[k] ?? k) : fieldLabel(k, c)}${colon}${String(valueText(k, x, r, c))}`,
      )
      .join(c.lang === 'en' ? '; ' : '；');
  }
  if (typeof v === 'number') {
    if (MONEY.has(key)) {
      const ref = r.entityId ? c.refs[r.entityId] : undefined;
      return money(v, ref?.currency ?? c.currency, c.lang);
    }
    return new Intl.NumberFormat(c.lang).format(v);
  }
  const s = String(v);
  if (UUID.test(s)) {
    const ref = c.refs[s.toLowerCase()];
    if (!ref) return c.t('audit.unknownRecord');
    const label = refLabel(ref, c);
    const to = ref.kind === 'customer' ? s : ref.customerId;
    return to ? <Link to={`/customers/${to}`}>{label}</Link> : label;
  }
  if (ISO.test(s)) return dateTime(s, c.lang, c.tz);
  if (key === 'channels') {
    // stored as "phone:138…" / "email:a@b"
    const [kind, ...rest] = s.split(':');
    const label = c.t(`customer.${kind}`, { defaultValue: '' });
    return label ? `${label} ${rest.join(':')}` : s;
  }
  if (key === 'birthday') return birthdayText(s, c.lang);
  const code = codeLabel(key, s, r, c);
  if (code) return code;
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

function codeLabel(key: string, s: string, r: AuditRow, c: Ctx): string | null {
  const has = (k: string) => (c.t(k, { defaultValue: '' }) ? c.t(k) : null);
  switch (key) {
    case 'kind':
      if (s === 'person' || s === 'organization') return c.t(`customer.${s}`);
      return s === 'department' ? c.t('settings.department') : s === 'team' ? c.t('settings.teamKind') : null;
    case 'gender':
      return has(`genders.${s}`);
    case 'role':
      return r.entity === 'user' || r.entity === 'api_token' ? has(`settings.roles.${s}`) : has(`roles.${s}`);
    case 'grade':
    case 'source':
    case 'stage':
    case 'industry':
      return c.picklist(key, s);
    case 'type':
      return r.entity === 'interaction' ? has(`diary.types.${s}`) : has(`settings.fieldTypes.${s}`);
    case 'priority':
      return has(`tasks.priorities.${s}`);
    case 'sentiment':
      return has(`diary.sentiments.${s}`);
    case 'direction':
      return s === 'in' || s === 'out' ? c.t(`diary.${s}`) : null;
    case 'currency':
      return `${s} · ${new Intl.DisplayNames(c.lang, { type: 'currency' }).of(s) ?? s}`;
    case 'phoneRegion':
    case 'region':
      return /^[A-Z]{2}$/.test(s) ? (new Intl.DisplayNames(c.lang, { type: 'region' }).of(s) ?? s) : null;
    case 'timezone':
      return zoneLabel(s, c.lang);
    case 'locale':
      return { 'zh-CN': '简体中文', ja: '日本語', en: 'English' }[s] ?? null;
    default:
      return null;
  }
}

/** The changed fields of an entry as sentences ("负责人设为 王芳"), never `null →`. */
export function changeLines(r: AuditRow, c: Ctx): { key: string; node: ReactNode }[] {
  const empty = (v: unknown) =>
    v === null ||
    v === undefined ||
    v === '' ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);
  const creating = r.action.endsWith('.create') || r.action === 'contact.link';
  const entries = Object.entries(r.changes ?? {}).filter(
    ([k, v]) => !NOISE.has(k) && !(creating && empty(v.to)) && !(empty(v.from) && empty(v.to)),
  );
  return entries.map(([k, { from, to }]) => {
    const field = fieldLabel(k, c);
    const was = (
      <s key="was" className="muted">
        {valueText(k, from, r, c)}
      </s>
    );
    const now = valueText(k, to, r, c);
    const node =
      k === 'ownerId' && empty(to) && !creating
        ? sentence(c.t('audit.toPool', { value: A }), was)
        : creating || empty(from)
          ? sentence(c.t('audit.setTo', { field, value: A }), now)
          : empty(to)
            ? sentence(c.t('audit.cleared', { field, value: A }), was)
            : sentence(c.t('audit.changed', { field, from: A, to: B }), was, now);
    return { key: k, node };
  });
}

const A = '⟦1⟧';
const B = '⟦2⟧';
/** A translated sentence with record names or links in its placeholders (the words around them stay in order). */
function sentence(text: string, a: ReactNode, b?: ReactNode): ReactNode {
  return text.split(/(⟦[12]⟧)/).map((part, i) =>
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one sentence never move
    part === A ? <span key={i}>{a}</span> : part === B ? <span key={i}>{b}</span> : <span key={i}>{part}</span>,
  );
}
