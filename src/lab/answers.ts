// Which findings answer each top question (see questions.ts). Shared by the Markdown and HTML reports.
import type { Finding, FindingsFile } from "./findings.js";
import { TOP_QUESTIONS, type TopQuestion } from "./questions.js";

export interface TopAnswer {
  question: TopQuestion;
  findings: Array<Finding & { direction: string }>;
}

export function topAnswers(report: FindingsFile): TopAnswer[] {
  const all = report.directions.flatMap((direction) => direction.findings.map((finding) => ({ ...finding, direction: direction.id })));
  return TOP_QUESTIONS.map((question) => ({
    question,
    findings: all.filter(
      (finding) =>
        finding.status !== "error" &&
        (question.directions as string[]).includes(finding.direction) &&
        (question.idPattern === undefined || question.idPattern.test(finding.id)),
    ),
  }));
}

/** The anchor a finding gets in both reports. */
export function findingAnchor(id: string): string {
  return `finding-${id}`;
}
