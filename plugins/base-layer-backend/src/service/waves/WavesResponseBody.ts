import { crc32, constants, deflateRawSync } from 'node:zlib';
import { statusVersion } from './statusVersion';
import { toWavesResponse, WaveStatusDocument } from './WaveStatusDocument';

/** gzip member header: deflate, no flags, no mtime, unknown OS. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

/** The `GET /waves` answer for one request, in every form it may be sent. */
export interface WavesBody {
  /**
   * A weak validator: the content version and the staleness flags. Bodies
   * with the same ETag differ only in the times they carry.
   */
  etag: string;
  json(): string;
  gzip(): Buffer;
}

/**
 * The `GET /waves` answer of one status document. The large part (waves,
 * violations, unassigned applications) never changes for a document: it is
 * serialized and deflated once, ending on a sync flush so that the small
 * part each request computes (times, staleness, sources) can be deflated on
 * its own and appended. A request costs a few hundred bytes of deflate and
 * crc32, however many applications there are.
 */
export class WavesResponseBody {
  private readonly prefix: string;
  private deflated?: { bytes: Buffer; crc: number; length: number };

  constructor(
    readonly document: WaveStatusDocument,
    private readonly staleAfterMs: number,
  ) {
    const { waves, violations, unassigned } = document;
    // Key order differs from the type's, which JSON readers ignore: the
    // fixed part comes first so that it can be compressed once.
    this.prefix = `${JSON.stringify({ waves, violations, unassigned }).slice(
      0,
      -1,
    )},`;
  }

  /** The answer as of `now`. */
  at(now: number): WavesBody {
    const { waves, violations, unassigned, ...head } = toWavesResponse(
      this.document,
      now,
      this.staleAfterMs,
    );
    const suffix = JSON.stringify(head).slice(1);
    const flags = [head.stale, ...head.sources.map(s => s.stale)]
      .map(stale => (stale ? 's' : 'f'))
      .join('');
    return {
      etag: `W/"${statusVersion(this.document).version}.${flags}"`,
      json: () => this.prefix + suffix,
      gzip: () => this.gzip(suffix),
    };
  }

  private gzip(suffix: string): Buffer {
    if (!this.deflated) {
      const prefix = Buffer.from(this.prefix);
      this.deflated = {
        bytes: deflateRawSync(prefix, {
          finishFlush: constants.Z_SYNC_FLUSH,
        }),
        crc: crc32(prefix),
        length: prefix.length,
      };
    }
    const tail = Buffer.from(suffix);
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(crc32(tail, this.deflated.crc), 0);
    trailer.writeUInt32LE((this.deflated.length + tail.length) >>> 0, 4);
    return Buffer.concat([
      GZIP_HEADER,
      this.deflated.bytes,
      deflateRawSync(tail),
      trailer,
    ]);
  }
}
