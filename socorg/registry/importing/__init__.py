"""Import of an existing register from Excel or CSV: read, check every row, then commit.

``columns`` names the sheet's columns; ``reading`` turns a file into rows of text; ``lookups``
loads what rows name (streets, agencies, domains) for the whole file; ``validation`` parses and
resolves each row; ``checks`` applies the registry rules to the whole file; ``services`` keeps
the job and commits it; ``workbooks`` writes the template and the report; ``selectors`` reads
jobs.
"""
