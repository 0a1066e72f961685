// The contract between the renderer and the services: every method's name, its zod input schema and its output type.
// Both transports (Electron IPC and the preview's HTTP) parse input with these schemas and answer with one envelope.
// This file imports nothing but zod, so the renderer can use it; it holds no logic beyond the typed client.
import { z } from 'zod';

// ---- Shapes the methods return -------------------------------------------------------------------------------------

export type OrganisationKind = 'province' | 'district' | 'ward' | 'branch';
export type BranchKind = 'residential' | 'agency' | 'enterprise' | 'school' | 'other';

export interface AppInfo {
  productName: string;
  version: string;
  schemaVersion: number;
  /** Where the database lives; shown in Cài đặt. */
  dataDir: string;
  /** The ward this installation keeps, or null on first start (the app then offers setup or demo data). */
  ward: { id: string; name: string; superiorName: string | null } | null;
  /** 'electron' or 'preview', so the UI can say where it runs. */
  host: 'electron' | 'preview';
}

export interface OrganisationNode {
  id: string;
  parentId: string | null;
  kind: OrganisationKind;
  name: string;
  branchKind: BranchKind | null;
  dissolved: boolean;
  /** Members in this organisation's own records (branches only; 0 for the others). */
  memberCount: number;
}

export interface BranchSummary {
  id: string;
  name: string;
  branchKind: BranchKind;
  dissolved: boolean;
  official: number;
  probationary: number;
  exempt: number;
  away: number;
  /** 'YYYY-MM-DD' of the latest meeting held, or null. */
  lastMeetingDate: string | null;
}

export interface MemberRow {
  id: string;
  fullName: string;
  branchId: string;
  branchName: string;
  gender: 'male' | 'female';
  birthDate: string | null;
  admissionDate: string | null;
  status: 'official' | 'probationary';
  standing: 'active' | 'exempt' | 'away' | 'transferred_out' | 'removed' | 'deceased';
}

export interface Page<T> {
  total: number;
  rows: T[];
}

export interface DemoSummary {
  wardId: string;
  wardName: string;
  branches: number;
  members: number;
  meetings: number;
  attendance: number;
}

// ---- Input schemas -------------------------------------------------------------------------------------------------

const empty = z.object({}).strict();
const name = (what: string) =>
  z
    .string({ error: `${what} phải là chữ.` })
    .trim()
    .min(2, { error: `${what} phải có ít nhất 2 ký tự.` })
    .max(200, { error: `${what} dài quá 200 ký tự.` });

export const schemas = {
  'app.info': empty,
  'setup.createWard': z
    .object({
      wardName: name('Tên đảng bộ phường, xã'),
      superiorName: name('Tên cấp ủy cấp trên'),
      superiorKind: z.enum(['province', 'district'], { error: 'Cấp trên phải là tỉnh/thành ủy hoặc quận/huyện ủy.' }),
    })
    .strict(),
  'demo.create': empty,
  'organisations.tree': empty,
  'branches.list': empty,
  'members.list': z
    .object({
      branchId: z.string().min(1).max(64).optional(),
      search: z.string().max(100, { error: 'Từ khóa tìm kiếm dài quá 100 ký tự.' }).optional(),
      page: z.number().int().min(1, { error: 'Số trang phải từ 1 trở lên.' }).default(1),
      pageSize: z.number().int().min(1).max(500, { error: 'Mỗi trang có tối đa 500 dòng.' }).default(50),
    })
    .strict(),
} as const;

export interface Outputs {
  'app.info': AppInfo;
  'setup.createWard': { wardId: string };
  'demo.create': DemoSummary;
  'organisations.tree': OrganisationNode[];
  'branches.list': BranchSummary[];
  'members.list': Page<MemberRow>;
}

export type Method = keyof typeof schemas & keyof Outputs;
export type Input<M extends Method> = z.input<(typeof schemas)[M]>;
export type ParsedInput<M extends Method> = z.output<(typeof schemas)[M]>;
export type Output<M extends Method> = Outputs[M];
export const methods = Object.keys(schemas) as Method[];

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(schemas, name);
}

// ---- The envelope --------------------------------------------------------------------------------------------------

export type ErrorCode =
  | 'INVALID_INPUT'
  | 'UNKNOWN_METHOD'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export interface ApiFailure {
  code: ErrorCode;
  /** Vietnamese, for the person: what happened and what to do. */
  message: string;
  /** For INVALID_INPUT: the field paths and their messages. */
  fields?: { path: string; message: string }[];
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiFailure };

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// ---- Events --------------------------------------------------------------------------------------------------------

export interface Events {
  /** Something changed in the records; views refetch. */
  'data.changed': { areas: string[] };
}
export type Topic = keyof Events;

// ---- The typed client ----------------------------------------------------------------------------------------------

export interface Transport {
  invoke(method: string, input: unknown): Promise<Envelope<unknown>>;
  subscribe(topic: string, handler: (payload: unknown) => void): () => void;
}

type AreaOf<M extends string> = M extends `${infer A}.${string}` ? A : never;
type ActionOf<M extends string, A extends string> = M extends `${A}.${infer X}` ? X : never;
// True when every field of the input is optional, so the call may omit it.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type EmptyInput<M extends Method> = {} extends Input<M> ? true : false;

export type ApiClient = {
  [A in AreaOf<Method>]: {
    [X in ActionOf<Method, A>]: `${A}.${X}` extends infer M extends Method
      ? EmptyInput<M> extends true
        ? (input?: Input<M>) => Promise<Output<M>>
        : (input: Input<M>) => Promise<Output<M>>
      : never;
  };
} & {
  subscribe<T extends Topic>(topic: T, handler: (payload: Events[T]) => void): () => void;
};

/** Builds `api.area.action(input)` over a transport; failures become ApiError with the Vietnamese message. */
export function createClient(transport: Transport): ApiClient {
  const client: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const method of methods) {
    const [area, action] = method.split('.') as [string, string];
    client[area] ??= {};
    client[area][action] = async (input?: unknown) => {
      const envelope = await transport.invoke(method, input ?? {});
      if (envelope.ok) return envelope.value;
      throw new ApiError(envelope.error.code, envelope.error.message, envelope.error.fields);
    };
  }
  return Object.assign(client, {
    subscribe: (topic: string, handler: (payload: never) => void) => transport.subscribe(topic, handler as (p: unknown) => void),
  }) as unknown as ApiClient;
}
