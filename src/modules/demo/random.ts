/** Two hex digits per byte: the demo writes tens of millions of ids. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A small seeded PRNG (mulberry32) and helpers, so a demo tenant is the same for the same seed. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Pareto-distributed weight (alpha 1.5, minimum 1, mean 3): a few customers buy most. */
  pareto(): number {
    return Math.min(200, (1 - this.next()) ** (-1 / 1.5));
  }
  /** A UUIDv7 whose time is `ms` and whose random bits come from this generator. */
  uuid7(ms: number): string {
    const time = Math.floor(ms).toString(16).padStart(12, '0');
    const r = () => this.int(0, 0xffff);
    const h = (n: number) => HEX[n >> 8] + HEX[n & 0xff];
    return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${h(r() & 0xfff).slice(1)}-${h((r() & 0x3fff) | 0x8000)}-${h(r())}${h(r())}${h(r())}`;
  }
}
