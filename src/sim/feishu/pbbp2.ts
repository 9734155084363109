/**
 * The long connection's frame (protobuf `pbbp2.Frame`, as compiled into the Feishu SDK):
 *   1 SeqID uint64, 2 LogID uint64, 3 service int32, 4 method int32 (0 control, 1 data),
 *   5 headers repeated {1 key string, 2 value string}, 6 payloadEncoding, 7 payloadType,
 *   8 payload bytes, 9 LogIDNew. The SDK's decoder requires fields 1–4, so they are always written.
 */
export type FrameHeader = { key: string; value: string };
export type Frame = {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: FrameHeader[];
  payloadEncoding?: string;
  payloadType?: string;
  payload?: Uint8Array;
  LogIDNew?: string;
};

export const FrameMethod = { control: 0, data: 1 } as const;

function varint(out: number[], value: number): void {
  let v = value;
  if (v < 0) throw new RangeError('negative varints are not used by the frame');
  while (v > 0x7f) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

function bytesField(out: number[], field: number, data: Uint8Array): void {
  varint(out, (field << 3) | 2);
  varint(out, data.length);
  for (const b of data) out.push(b);
}

const utf8 = (s: string) => new TextEncoder().encode(s);

export function encodeFrame(f: Frame): Uint8Array {
  const out: number[] = [];
  for (const [field, value] of [
    [1, f.SeqID],
    [2, f.LogID],
    [3, f.service],
    [4, f.method],
  ] as const) {
    varint(out, field << 3);
    varint(out, value);
  }
  for (const h of f.headers) {
    const inner: number[] = [];
    bytesField(inner, 1, utf8(h.key));
    bytesField(inner, 2, utf8(h.value));
    bytesField(out, 5, Uint8Array.from(inner));
  }
  if (f.payloadEncoding !== undefined) bytesField(out, 6, utf8(f.payloadEncoding));
  if (f.payloadType !== undefined) bytesField(out, 7, utf8(f.payloadType));
  if (f.payload !== undefined) bytesField(out, 8, f.payload);
  if (f.LogIDNew !== undefined) bytesField(out, 9, utf8(f.LogIDNew));
  return Uint8Array.from(out);
}

class Reader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}
  done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = this.buf[this.pos++];
      if (b === undefined) throw new Error('truncated varint');
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
  }
  bytes(): Uint8Array {
    const len = this.varint();
    const slice = this.buf.subarray(this.pos, this.pos + len);
    if (slice.length !== len) throw new Error('truncated field');
    this.pos += len;
    return slice;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 2) this.bytes();
    else if (wire === 1) this.pos += 8;
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

export function decodeFrame(buf: Uint8Array): Frame {
  const r = new Reader(buf);
  const f: Frame = { SeqID: 0, LogID: 0, service: 0, method: 0, headers: [] };
  while (!r.done()) {
    const tag = r.varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field === 1 && wire === 0) f.SeqID = r.varint();
    else if (field === 2 && wire === 0) f.LogID = r.varint();
    else if (field === 3 && wire === 0) f.service = r.varint();
    else if (field === 4 && wire === 0) f.method = r.varint();
    else if (field === 5 && wire === 2) f.headers.push(decodeHeader(r.bytes()));
    else if (field === 6 && wire === 2) f.payloadEncoding = text(r.bytes());
    else if (field === 7 && wire === 2) f.payloadType = text(r.bytes());
    else if (field === 8 && wire === 2) f.payload = r.bytes();
    else if (field === 9 && wire === 2) f.LogIDNew = text(r.bytes());
    else r.skip(wire);
  }
  return f;
}

function decodeHeader(buf: Uint8Array): FrameHeader {
  const r = new Reader(buf);
  const h: FrameHeader = { key: '', value: '' };
  while (!r.done()) {
    const tag = r.varint();
    if (tag === 10) h.key = text(r.bytes());
    else if (tag === 18) h.value = text(r.bytes());
    else r.skip(tag & 7);
  }
  return h;
}

export function headerValue(f: Frame, key: string): string | undefined {
  return f.headers.find((h) => h.key === key)?.value;
}
