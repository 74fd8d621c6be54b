// Records of the runs this server made, by id, so a client can read one after the fact. Bounded:
// the oldest go first.
import { randomUUID } from "node:crypto";
import type { RunRecord } from "../run/record.js";

export class RunStore {
  private readonly records = new Map<string, RunRecord>();

  constructor(private readonly limit = 200) {}

  /** Keeps a record under a new id, or the one given (a background run keeps its runId). */
  add(record: RunRecord, id: string = randomUUID()): string {
    this.records.set(id, record);
    while (this.records.size > this.limit) this.records.delete(this.records.keys().next().value!);
    return id;
  }

  get(id: string): RunRecord | undefined {
    return this.records.get(id);
  }
}
