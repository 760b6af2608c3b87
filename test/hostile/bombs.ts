import { constants, deflateRawSync } from "node:zlib";

/**
 * Compression bombs built without compressing gigabytes: after a full flush deflate restarts
 * without history, so every flushed 1 MB block of one repeated byte compresses to the same few
 * hundred bytes. One block is computed and repeated; a reader inflates about 1,000 times what
 * it received.
 */

const BLOCK_BYTES = 1024 * 1024;

function repeatedBlocks(decodedBytes: number, byte: number, prefix: Buffer): { body: Buffer; blocks: number } {
  const blocks = Math.floor(decodedBytes / BLOCK_BYTES);
  const head = prefix.byteLength ? deflateRawSync(prefix, { finishFlush: constants.Z_FULL_FLUSH }) : Buffer.alloc(0);
  const block = deflateRawSync(Buffer.alloc(BLOCK_BYTES, byte), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const body = Buffer.alloc(head.byteLength + block.byteLength * blocks);
  head.copy(body, 0);
  for (let i = 0; i < blocks; i++) block.copy(body, head.byteLength + i * block.byteLength);
  return { body, blocks };
}

/** A final, empty fixed-Huffman block: ends the deflate data. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

function adler32OfRepeated(byte: number, count: bigint): Buffer {
  const MOD = 65521n;
  const c = BigInt(byte);
  const a = (1n + count * c) % MOD;
  const b = (count + (c * count * (count + 1n)) / 2n) % MOD;
  const out = Buffer.alloc(4);
  out.writeUInt32BE(Number((b << 16n) | a));
  return out;
}

/**
 * A zlib stream (PDF FlateDecode) inflating to `decodedBytes` copies of `byte`, with a correct
 * checksum so a strict reader has no early reason to stop.
 */
export function deflateBomb(decodedBytes: number, byte = 0x20): Buffer {
  const { body, blocks } = repeatedBlocks(decodedBytes, byte, Buffer.alloc(0));
  const zlibHeader = Buffer.from([0x78, 0xda]);
  return Buffer.concat([zlibHeader, body, FINAL_BLOCK, adler32OfRepeated(byte, BigInt(blocks * BLOCK_BYTES))]);
}

/**
 * A gzip body (Content-Encoding: gzip, or a .gz file) inflating to `prefix` and then about
 * `decodedBytes` spaces. Its trailer's CRC is not computed (that would mean hashing gigabytes):
 * a reader that checks it has already inflated everything, which is the failure to prevent.
 */
export function gzipBomb(decodedBytes: number, prefix = ""): Buffer {
  const { body, blocks } = repeatedBlocks(decodedBytes, 0x20, Buffer.from(prefix, "latin1"));
  const header = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0x02, 0xff]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(Number(BigInt(blocks * BLOCK_BYTES + prefix.length) % 2n ** 32n), 4);
  return Buffer.concat([header, body, FINAL_BLOCK, trailer]);
}

/**
 * A zip archive with one entry, `name`, that inflates to `decodedBytes` (at most 4 GB - 1) spaces:
 * the classic archive bomb, about 1 MB on the wire for 1 GB.
 */
export function zipBomb(name: string, decodedBytes: number): Buffer {
  const { body, blocks } = repeatedBlocks(decodedBytes, 0x20, Buffer.alloc(0));
  const data = Buffer.concat([body, FINAL_BLOCK]);
  const size = blocks * BLOCK_BYTES;
  const fileName = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(0, 14); // CRC left 0: nobody should get far enough to check it
  local.writeUInt32LE(data.byteLength, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(fileName.byteLength, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.byteLength, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(fileName.byteLength, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.byteLength + fileName.byteLength, 12);
  end.writeUInt32LE(local.byteLength + fileName.byteLength + data.byteLength, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}
