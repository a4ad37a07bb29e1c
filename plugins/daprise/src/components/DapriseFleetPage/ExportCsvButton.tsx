import { useState } from 'react';
import { errorApiRef, useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import GetApp from '@material-ui/icons/GetApp';
import { dapriseApiRef, fleetFiltersOf, type FleetQuery } from '../../api';

/** The file name of the CSV export. */
export const FLEET_CSV_FILE_NAME = 'dapr-fleet.csv';

/** Hands a blob to the browser as a download. */
function download(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Let the browser start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * Downloads what `load` gives as CSV: `what` names it in the error shown when that fails.
 * The request goes through the fetch API like every other, so it carries the user's token.
 */
export function CsvExportButton(props: {
  load(): Promise<Blob>;
  fileName: string;
  what: string;
  label?: string;
}) {
  const errorApi = useApi(errorApiRef);
  const [exporting, setExporting] = useState(false);
  const onClick = async () => {
    setExporting(true);
    try {
      download(await props.load(), props.fileName);
    } catch (error) {
      errorApi.post(
        new Error(
          `Could not export ${props.what}: ${
            error instanceof Error ? error.message : String(error)
          }`,
        ),
      );
    } finally {
      setExporting(false);
    }
  };
  return (
    <Button
      variant="outlined"
      color="primary"
      startIcon={<GetApp />}
      onClick={onClick}
      disabled={exporting}
    >
      {exporting ? 'Exporting…' : props.label ?? 'Export CSV'}
    </Button>
  );
}

/** Downloads every app matching the current filters (not just the page on screen) as CSV. */
export function ExportCsvButton(props: { query: FleetQuery }) {
  const api = useApi(dapriseApiRef);
  return (
    <CsvExportButton
      load={() => api.getFleetCsv(fleetFiltersOf(props.query))}
      fileName={FLEET_CSV_FILE_NAME}
      what="the fleet"
    />
  );
}
