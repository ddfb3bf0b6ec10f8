/** The Electron runtime's executable; fetched first when `download` is set; null where it cannot be had. */
export function electronBinary(options?: { download?: boolean }): string | null;
