"""veraPDF on many PDFs in one Java run: the archival PDF and every article PDF of an issue are validated by one
JVM (starting Java, compiling the driver and loading veraPDF's profiles cost some seconds each time).

The driver is commands/check/verapdf.py's, extended to a list of (flavours, PDF) jobs: for each PDF it prints
``PDF <n>``, then the ``RESULT`` and ``FAILED`` lines of each flavour, or ``ERROR <n> <message>`` when veraPDF
could not read that PDF (the others are still validated).  The reports are commands/check/verapdf.py's.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from ..check import verapdf
from ..check.verapdf import Failure, Report

_JAVA = r"""
import java.io.File;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.VeraPDFFoundry;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

/** args: (FLAVOURS PDF)... with FLAVOURS comma-separated; one PDF line per file, then its RESULT and FAILED lines. */
public class VeraBatch {
    static String clean(Object o) {
        return o == null ? "" : o.toString().replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    public static void main(String[] args) throws Exception {
        VeraGreenfieldFoundryProvider.initialise();
        VeraPDFFoundry foundry = Foundries.defaultInstance();
        for (int n = 0; n + 1 < args.length; n += 2) {
            File pdf = new File(args[n + 1]);
            System.out.println("PDF\t" + (n / 2));
            for (String asked : args[n].split(",")) {
                PDFAFlavour flavour = PDFAFlavour.fromString(asked);
                try (PDFAParser parser = foundry.createParser(pdf, flavour)) {
                    PDFAValidator validator = foundry.createValidator(flavour, false);
                    ValidationResult result = validator.validate(parser);
                    System.out.println("RESULT\t" + asked + "\t" + result.getPDFAFlavour().getId() + "\t"
                            + result.isCompliant() + "\t" + result.getTotalAssertions());
                    for (TestAssertion a : result.getTestAssertions()) {
                        if (a.getStatus() == TestAssertion.Status.FAILED) {
                            System.out.println("FAILED\t" + asked
                                    + "\t" + clean(a.getRuleId().getSpecification().getId())
                                    + "\t" + clean(a.getRuleId().getClause()) + "\t" + a.getRuleId().getTestNumber()
                                    + "\t" + clean(a.getMessage()) + "\t" + clean(a.getLocation().getContext())
                                    + "\t" + clean(a.getErrorMessage()));
                        }
                    }
                } catch (Exception e) {
                    System.out.println("ERROR\t" + (n / 2) + "\t"
                            + clean(e.getClass().getSimpleName() + ": " + e.getMessage()));
                }
            }
        }
    }
}
"""


def validate_many(jobs: list[tuple[Path, tuple[str, ...]]], timeout: float = 1800) -> list[dict[str, Report] | str]:
    """For each (PDF, flavours) job, its reports by flavour, or why veraPDF could not validate it (a string).
    RuntimeError when veraPDF cannot run at all (commands/check/verapdf.py's ``unavailable``, or Java failed)."""
    if not jobs:
        return []
    reason = verapdf.unavailable()
    if reason:
        raise RuntimeError(reason)
    classpath = os.pathsep.join(str(p) for p in [verapdf.jar(), *verapdf.jaxb_classpath()])
    args: list[str] = []
    for pdf, flavours in jobs:
        args += [",".join(flavours), str(pdf)]
    with tempfile.TemporaryDirectory(prefix="verapdf-") as tmp:
        source = Path(tmp) / "VeraBatch.java"
        source.write_text(_JAVA, encoding="utf-8")
        proc = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                               f"-Djava.io.tmpdir={tmp}", "-cp", classpath, str(source), *args],
                              capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"veraPDF failed (exit {proc.returncode}):\n{proc.stderr[-4000:]}")
    if "Implementation of JAXB-API has not been found" in proc.stderr:
        raise RuntimeError("veraPDF could not read its profiles (no JAXB implementation on the class path)")
    return _parse(proc.stdout, jobs, proc.stderr)


def _parse(stdout: str, jobs: list[tuple[Path, tuple[str, ...]]], stderr: str = "") -> list[dict[str, Report] | str]:
    found: list[dict[str, Report]] = [{} for _ in jobs]
    errors: dict[int, str] = {}
    current = -1
    for line in stdout.splitlines():
        parts = line.split("\t")
        if parts[0] == "PDF" and len(parts) == 2 and parts[1].isdigit():
            current = int(parts[1])
        elif parts[0] == "ERROR" and len(parts) >= 3 and parts[1].isdigit():
            errors.setdefault(int(parts[1]), parts[2])
        elif parts[0] == "RESULT" and 0 <= current < len(jobs) and len(parts) == 5:
            _, asked, _got, compliant, total = parts
            found[current][asked] = Report(asked, compliant == "true", int(total))
        elif parts[0] == "FAILED" and 0 <= current < len(jobs):
            _, asked, spec, clause, test, description, context, error = (parts + [""] * 8)[:8]
            if asked in found[current]:
                found[current][asked].failures.append(Failure(spec, clause, int(test), description, context,
                                                              "" if error == "null" else error))
    out: list[dict[str, Report] | str] = []
    for n, (_, flavours) in enumerate(jobs):
        reports = found[n]
        if n in errors:
            out.append(f"veraPDF could not read the PDF: {errors[n]}")
        elif any(f not in reports or reports[f].assertions == 0 for f in flavours):
            out.append("veraPDF ran no check on it" + (f": {stderr.strip().splitlines()[-1]}" if stderr.strip()
                                                        else ""))
        else:
            out.append(reports)
    return out
