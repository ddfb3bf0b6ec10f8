export const LESSONS_DIR: string;
export const INDEX_FILE: string;
export const LESSON_FILE: RegExp;
export function lessonFiles(dir?: string): string[];
export function renderIndex(dir?: string): string;
