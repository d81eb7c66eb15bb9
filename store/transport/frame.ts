/**
 * The peer wire format: length-prefixed frames over one TCP connection.
 *
 * A frame is `u32 length (big-endian) | u8 kind | payload`, where `length` counts the kind byte
 * and the payload. Frames carry opaque bytes: the transport does not know Raft's messages.
 *
 * @module
 */

/** What a frame carries. */
export enum FrameKind {
  /** Dialer → listener, first frame: JSON {@link Hello}. */
  Hello = 1,
  /** Listener → dialer: the hello was accepted; messages may follow. */
  HelloOk = 2,
  /** Listener → dialer: the hello was refused; payload is the UTF-8 reason. The stream ends. */
  HelloRejected = 3,
  /** One message. */
  Message = 4,
  /** A piece of a large message (a snapshot); more pieces follow. */
  Chunk = 5,
  /** The last piece of a large message. */
  LastChunk = 6,
  /** Listener → dialer: the large message just received was delivered. */
  Delivered = 7,
}

/** The first frame of every connection: who is calling whom, in which cluster. */
export interface Hello {
  /** The cluster's identity; a member of another cluster is refused. */
  readonly cluster: string;
  /** The caller's member name. */
  readonly from: string;
  /** The caller's member id (0 when it does not know it yet: a joining member). */
  readonly fromId?: number;
  /** The member name the caller believes it reached. */
  readonly to: string;
  /**
   * What this connection is for: the message pipeline, one large message, or (for a member
   * joining with an empty data directory, which does not know the cluster yet) one request
   * for the cluster's description.
   */
  readonly purpose: "stream" | "large" | "members";
}

/** Largest frame accepted; bigger messages travel as chunks. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** Frame header size: length + kind. */
const HEADER_BYTES = 5;

/** Encodes one frame. */
export function encodeFrame(kind: FrameKind, payload: Uint8Array = new Uint8Array()): Uint8Array {
  if (payload.length + 1 > MAX_FRAME_BYTES) {
    throw new RangeError(`frame of ${payload.length} bytes exceeds ${MAX_FRAME_BYTES}`);
  }
  const frame = new Uint8Array(HEADER_BYTES + payload.length);
  new DataView(frame.buffer).setUint32(0, payload.length + 1);
  frame[4] = kind;
  frame.set(payload, HEADER_BYTES);
  return frame;
}

/** A decoded frame. */
export interface Frame {
  readonly kind: FrameKind;
  readonly payload: Uint8Array;
}

/** The peer sent bytes that are not a valid frame stream. */
export class FrameError extends Error {
  override name = "FrameError";
}

/**
 * Reads frames from a byte stream, buffering partial ones.
 * Invariant: `#buffer[#start, #end)` holds received bytes not yet returned as frames.
 */
export class FrameReader {
  readonly #reader: { read(p: Uint8Array): Promise<number | null> };
  #buffer = new Uint8Array(64 * 1024);
  #start = 0;
  #end = 0;

  constructor(reader: { read(p: Uint8Array): Promise<number | null> }) {
    this.#reader = reader;
  }

  /** The next frame, or `null` at a clean end of stream. Throws {@link FrameError} on garbage. */
  async next(): Promise<Frame | null> {
    for (;;) {
      const frame = this.#parse();
      if (frame !== undefined) return frame;
      if (!(await this.#fill())) {
        if (this.#end === this.#start) return null;
        throw new FrameError("connection closed in the middle of a frame");
      }
    }
  }

  #parse(): Frame | undefined {
    const available = this.#end - this.#start;
    if (available < HEADER_BYTES) return undefined;
    const view = new DataView(this.#buffer.buffer, this.#start);
    const length = view.getUint32(0);
    if (length < 1 || length > MAX_FRAME_BYTES) {
      throw new FrameError(`bad frame length ${length}`);
    }
    const kind = this.#buffer[this.#start + 4]!;
    if (!(kind in FrameKind)) throw new FrameError(`unknown frame kind ${kind}`);
    if (available < 4 + length) {
      this.#reserve(4 + length);
      return undefined;
    }
    const payload = this.#buffer.slice(this.#start + HEADER_BYTES, this.#start + 4 + length);
    this.#start += 4 + length;
    return { kind, payload };
  }

  /** Makes room for a frame of `total` bytes starting at `#start`, moving it to the front. */
  #reserve(total: number): void {
    if (this.#start + total <= this.#buffer.length) return;
    if (total <= this.#buffer.length) {
      this.#buffer.copyWithin(0, this.#start, this.#end);
    } else {
      const bigger = new Uint8Array(Math.max(total, this.#buffer.length * 2));
      bigger.set(this.#buffer.subarray(this.#start, this.#end));
      this.#buffer = bigger;
    }
    this.#end -= this.#start;
    this.#start = 0;
  }

  /** Reads more bytes; false at end of stream. */
  async #fill(): Promise<boolean> {
    // Room for at least one more byte: compacts, or grows when the buffer is all unread data.
    if (this.#end === this.#buffer.length) this.#reserve(this.#end - this.#start + 1);
    const n = await this.#reader.read(this.#buffer.subarray(this.#end));
    if (n === null) return false;
    this.#end += n;
    return true;
  }
}

/** Writes all of `bytes`, looping over partial writes. */
export async function writeAll(
  writer: { write(p: Uint8Array): Promise<number> },
  bytes: Uint8Array,
): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) offset += await writer.write(bytes.subarray(offset));
}
