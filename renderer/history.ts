// The console's ↑/↓ history, as in a shell: ↑ walks back through earlier inputs,
// ↓ walks forward and finally returns what was being typed before ↑.
export class History {
  private readonly items: string[] = [];
  /** items.length while not browsing. */
  private index = 0;
  private draft = '';

  constructor(private readonly limit = 500) {}

  get length(): number {
    return this.items.length;
  }

  /** Records an input (not blanks, not a repeat of the last one) and stops browsing. */
  push(input: string): void {
    if (input.trim() !== '' && this.items[this.items.length - 1] !== input) {
      this.items.push(input);
      if (this.items.length > this.limit) this.items.shift();
    }
    this.index = this.items.length;
    this.draft = '';
  }

  /** The earlier input, or null at the oldest. `current` is what the input holds now. */
  up(current: string): string | null {
    if (this.index === 0) return null;
    if (this.index === this.items.length) this.draft = current;
    this.index--;
    return this.items[this.index];
  }

  /** The later input, the draft past the newest, or null when not browsing. */
  down(): string | null {
    if (this.index >= this.items.length) return null;
    this.index++;
    return this.index === this.items.length ? this.draft : this.items[this.index];
  }
}
