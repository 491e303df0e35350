/**
 * One row of the performance table (bench/README.md): a product figure
 * against its baseline measured in the same run, and the gap between them.
 * `bench/all.sh` collects these lines from every benchmark and prints the
 * table at the end.
 */
export function tableRow(path: string, product: string, baseline: string, gap: string): void {
  console.log(`TABLE | ${path} | ${product} | ${baseline} | ${gap} |`);
}

/** "3.21x" for a ratio, the way every row states its gap. */
export function ratio(product: number, baseline: number): string {
  return `${(product / baseline).toFixed(2)}x`;
}
