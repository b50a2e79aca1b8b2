"""Workshop exercises (notebooks); a package only so that pytest names its conftest uniquely."""
