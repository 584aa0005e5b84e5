import type { Queryable } from './imports.ts';

export interface SiteCardRow {
  code: string;
  kind: string;
  kindName: { zh: string; en: string };
  name: string;
  address: string | null;
  staffed: boolean;
  district: { code: string; name: string } | null;
  street: { code: string; name: string } | null;
  community: { code: string; name: string } | null;
  serves: { code: string; name: string }[];
  contact: { name: string | null; phone: string | null };
  location: [number, number];
  synthetic: boolean;
  source: string;
}

/**
 * One site with its kind's names, enclosing areas, the communities it serves and its (clear) contact;
 * the route masks the contact for the caller. Undefined for an unknown code.
 *
 * @example
 * const site = await readSiteCard(pool, 'WP210103001001001');
 */
export async function readSiteCard(client: Queryable, code: string): Promise<SiteCardRow | undefined> {
  const result = await client.query<Record<string, unknown>>(
    `SELECT s.code, s.kind, k.name_zh, k.name_en, k.staffed, s.name, s.address, s.contact_name, s.contact_phone, s.synthetic, s.source,
       ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat,
       d.code AS d_code, d.name AS d_name, st.code AS s_code, st.name AS s_name, c.code AS c_code, c.name AS c_name,
       coalesce((SELECT json_agg(json_build_object('code', sc.community_code, 'name', cc.name) ORDER BY sc.community_code)
                 FROM site_served_communities sc JOIN communities cc ON cc.code = sc.community_code WHERE sc.site_code = s.code), '[]') AS serves
     FROM sites s JOIN site_kinds k ON k.kind = s.kind
     LEFT JOIN districts d ON d.code = s.district_code LEFT JOIN streets st ON st.code = s.street_code LEFT JOIN communities c ON c.code = s.community_code
     WHERE s.code = $1`,
    [code],
  );
  const r = result.rows[0];
  if (!r) return undefined;
  const ref = (c: unknown, n: unknown) => (c ? { code: String(c), name: String(n) } : null);
  return {
    code: String(r.code),
    kind: String(r.kind),
    kindName: { zh: String(r.name_zh), en: String(r.name_en) },
    name: String(r.name),
    address: (r.address as string | null) ?? null,
    staffed: Boolean(r.staffed),
    district: ref(r.d_code, r.d_name),
    street: ref(r.s_code, r.s_name),
    community: ref(r.c_code, r.c_name),
    serves: (typeof r.serves === 'string' ? JSON.parse(r.serves) : r.serves) as { code: string; name: string }[],
    contact: { name: (r.contact_name as string | null) ?? null, phone: (r.contact_phone as string | null) ?? null },
    location: [Number(r.lon), Number(r.lat)],
    synthetic: Boolean(r.synthetic),
    source: String(r.source),
  };
}
