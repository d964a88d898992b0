// The official national schedules bundled with the platform, 2019–2026, from the State Council notices
// (each file's `source`). Imported statically so esbuild bundles them into every Lambda that needs them.
// Next year's schedule is loaded at run time with parseYearSchedule + WorkingCalendar.withYear, no release.
// The files list each holiday as a period (`from`–`to`, as the notices announce them), not day by day: 8 years
// cost ~5 KB instead of ~16 KB in every bundle. They are expanded to the days of a YearSchedule before
// parseYearSchedule validates them as it validates a schedule an administrator loads.
import y2019 from './years/2019.json' with { type: 'json' };
import y2020 from './years/2020.json' with { type: 'json' };
import y2021 from './years/2021.json' with { type: 'json' };
import y2022 from './years/2022.json' with { type: 'json' };
import y2023 from './years/2023.json' with { type: 'json' };
import y2024 from './years/2024.json' with { type: 'json' };
import y2025 from './years/2025.json' with { type: 'json' };
import y2026 from './years/2026.json' with { type: 'json' };
import { dayNumber, isoDateOf, type IsoDate } from './iso-date.ts';
import { parseYearSchedule, type YearSchedule } from './schedule.ts';
import { WorkingCalendar } from './working-calendar.ts';

const OFFICIAL_YEAR_FILES: readonly unknown[] = [y2019, y2020, y2021, y2022, y2023, y2024, y2025, y2026];

/** The bundled schedules, validated (a broken file fails loudly instead of shifting deadlines). */
export function officialYearSchedules(): YearSchedule[] {
  return OFFICIAL_YEAR_FILES.map((file) => parseYearSchedule(withHolidayDays(file)));
}

interface HolidayPeriod {
  from: IsoDate;
  to: IsoDate;
  name: string;
}

/** A year file with its holiday periods listed day by day (what parseYearSchedule reads). */
function withHolidayDays(file: unknown): unknown {
  const { holidays, ...rest } = file as { holidays: readonly HolidayPeriod[] };
  return {
    ...rest,
    holidays: holidays.flatMap(({ from, to, name }) => {
      const days: { date: IsoDate; name: string }[] = [];
      for (let day = dayNumber(from); day <= dayNumber(to); day++) days.push({ date: isoDateOf(day), name });
      return days;
    }),
  };
}

/** The national calendar from the bundled years, with the region's local rest days and zone. */
export function loadOfficialCalendar(
  options: { localRestDays?: IsoDate[]; timeZone?: string } = {},
): WorkingCalendar {
  return new WorkingCalendar({ years: officialYearSchedules(), ...options });
}
