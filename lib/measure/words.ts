// The progress labels lib/measure prints, per course language (see lib/language.ts).
import { inCourseLanguage } from "../language";

const english = {
  ceilingProbe: "ceiling probe",
  serializationCost: "serialization cost",
  workloadOn: (workload: string, runner: string) => `${workload} on ${runner}`,
  workers: (subject: string, workers: number) => `${subject}, ${workers} worker${workers === 1 ? "" : "s"}`,
};

const german: typeof english = {
  ceilingProbe: "Messung der Obergrenze",
  serializationCost: "Kosten der Serialisierung",
  workloadOn: (workload, runner) => `${workload} auf ${runner}`,
  workers: (subject, workers) => `${subject}, ${workers} Worker`,
};

/** lib/measure's progress labels in the language the notebook set. */
export function measureWords(): typeof english {
  return inCourseLanguage({ en: english, de: german });
}
