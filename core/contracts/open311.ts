import { z } from 'zod';
import { instantSchema, periodEndSchema } from './instant.ts';

/**
 * Open311 GeoReport v2 request/response shapes (https://wiki.open311.org/GeoReport_v2), with the
 * spec's snake_case names. Form fields arrive as strings.
 */

const number = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^[+-]?\d+(\.\d+)?$/, `${name} must be a decimal number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);

export const open311CreateRequestSchema = z.object({
  api_key: z.string().optional(),
  jurisdiction_id: z.string().max(60).optional(),
  service_code: z.string().trim().min(1, 'service_code is required').max(40),
  /** WGS84; without lat and long, `address_string` is geocoded against the city's places */
  lat: number('lat', -90, 90).optional(),
  long: number('long', -180, 180).optional(),
  address_string: z.string().max(300).optional(),
  address_id: z.string().max(100).optional(),
  email: z.string().max(200).optional(),
  device_id: z.string().max(200).optional(),
  account_id: z.string().max(200).optional(),
  first_name: z.string().max(50).optional(),
  last_name: z.string().max(50).optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'phone: digits, spaces or dashes')
    .optional(),
  description: z.string().max(2000).optional(),
  media_url: z.string().max(500).optional(),
  /** `attribute[dispute_type]` for dispute services (see the service definition) */
  'attribute[dispute_type]': z.string().max(40).optional(),
});
export type Open311CreateRequest = z.infer<typeof open311CreateRequestSchema>;

export const open311ListQuerySchema = z.object({
  api_key: z.string().optional(),
  jurisdiction_id: z.string().max(60).optional(),
  /** comma-separated; when given, the other filters are ignored (spec) */
  service_request_id: z.string().max(2000).optional(),
  service_code: z.string().max(400).optional(),
  /** W3C date-times, or dates (local days; end_date includes its day); without both, the last 90 days */
  start_date: instantSchema.optional(),
  end_date: periodEndSchema.optional(),
  /** open, closed or both (comma-separated) */
  status: z
    .string()
    .regex(/^(open|closed)(,(open|closed))?$/, 'status must be open, closed or open,closed')
    .optional(),
});
export type Open311ListQuery = z.infer<typeof open311ListQuerySchema>;

export const open311ServiceSchema = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.boolean(),
  type: z.literal('realtime'),
  keywords: z.string(),
  group: z.string(),
});

export const open311ServiceDefinitionSchema = z.object({
  service_code: z.string(),
  attributes: z.array(
    z.object({
      variable: z.boolean(),
      code: z.string(),
      datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
      required: z.boolean(),
      datatype_description: z.string(),
      order: z.number().int(),
      description: z.string(),
      values: z.array(z.object({ key: z.string(), name: z.string() })).optional(),
    }),
  ),
});

export const open311RequestSchema = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: z.string(),
  service_name: z.string(),
  service_code: z.string(),
  description: z.string().nullable(),
  agency_responsible: z.string().nullable(),
  service_notice: z.string().nullable(),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  expected_datetime: z.string().nullable(),
  address: z.string().nullable(),
  address_id: z.string().nullable(),
  zipcode: z.string().nullable(),
  lat: z.number(),
  long: z.number(),
  media_url: z.string().nullable(),
});
export type Open311Request = z.infer<typeof open311RequestSchema>;

export const open311CreatedSchema = z.array(
  z.object({
    service_request_id: z.string(),
    service_notice: z.string(),
    account_id: z.string().nullable(),
  }),
);

export const open311ErrorSchema = z.array(z.object({ code: z.number().int(), description: z.string() }));
