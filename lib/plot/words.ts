// Every word lib/plot prints by itself (default titles, axis labels, units, legend entries, table
// headers of lib's own records), per course language; see lib/language.ts.
import { inCourseLanguage, localized, type CourseText } from "../language";

const english = {
  throughputTitle: "Throughput vs workers",
  speedupTitle: "Speed-up vs workers",
  latencyTitle: "Event-loop lag over time",
  costTitle: "Serialization cost vs payload size",
  workers: "Workers",
  throughput: "Throughput",
  tasksPerSecond: "tasks/s",
  speedup: "Speed-up",
  timesOneWorker: "× 1 worker",
  perfectScaling: "perfect scaling",
  ceiling: "machine ceiling (probe)",
  amdahlFit: (serial: string, tasks: number | undefined) => `Amdahl fit (serial ${serial}${tasks === undefined ? "" : `, ${tasks} tasks`})`,
  eventLoopLag: "event-loop lag",
  timeSinceStart: "Time since start",
  lag: "Event-loop lag",
  payloadSize: "Payload size",
  bytes: "bytes",
  roundTrip: "Round trip",
  unknownShape: "unknown shape",
  yes: "true",
  no: "false",
  moreRows: (count: number) => `… ${count.toLocaleString("en-US")} more rows …`,
  serialAtUpperBound: "100 % — the fit's upper bound: no speed-up measured",
  serialAtLowerBound: "0 % — the fit's lower bound: perfect scaling or better",
  /** Headers for the keys of lib's own records, when a column has no title of its own. */
  columns: {} as Readonly<Record<string, string>>,
};

type PlotWords = typeof english;

const german: PlotWords = {
  throughputTitle: "Durchsatz nach Anzahl der Worker",
  speedupTitle: "Beschleunigung nach Anzahl der Worker",
  latencyTitle: "Verzögerung der Event-Loop im Zeitverlauf",
  costTitle: "Kosten der Serialisierung nach Nutzlastgröße",
  workers: "Worker",
  throughput: "Durchsatz",
  tasksPerSecond: "Aufgaben/s",
  speedup: "Beschleunigung",
  timesOneWorker: "× 1 Worker",
  perfectScaling: "perfekte Skalierung",
  ceiling: "Obergrenze des Rechners (Messung)",
  amdahlFit: (serial, tasks) => `Amdahl-Anpassung (serieller Anteil ${serial}${tasks === undefined ? "" : `, ${tasks} Aufgaben`})`,
  eventLoopLag: "Verzögerung der Event-Loop",
  timeSinceStart: "Zeit seit Start",
  lag: "Verzögerung der Event-Loop",
  payloadSize: "Nutzlastgröße",
  bytes: "Bytes",
  roundTrip: "Roundtrip",
  unknownShape: "unbekannte Form",
  yes: "ja",
  no: "nein",
  moreRows: (count) => `… ${count.toLocaleString("de-DE")} weitere Zeilen …`,
  serialAtUpperBound: "100 % – obere Grenze der Anpassung: keine Beschleunigung gemessen",
  serialAtLowerBound: "0 % – untere Grenze der Anpassung: perfekte Skalierung oder besser",
  columns: {
    kind: "Art",
    workers: "Worker",
    processes: "Prozesse",
    tasksPerSecond: "Durchsatz",
    speedup: "Beschleunigung",
    spread: "Streuung",
    channel: "Kanal",
    shape: "Form",
    bytes: "Bytes",
    roundTripMs: "Roundtrip",
    tasks: "Aufgaben",
    seconds: "Sekunden",
  },
};

/** lib/plot's words in the language the notebook set. */
export function plotWords(): PlotWords {
  return inCourseLanguage({ en: english, de: german });
}

/** The header of a column: its title, else the word for a known key, else the key itself. */
export function columnHeader(key: string, title: CourseText | undefined): string {
  return title === undefined ? (plotWords().columns[key] ?? key) : localized(title);
}
