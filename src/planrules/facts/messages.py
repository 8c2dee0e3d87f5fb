"""The facts catalogue: every message the facts layer says, in English and Vietnamese.

One catalogue for the whole package — the TOML and CSV readers, the mapping
files and the table sources — so that a key is defined once and the same
words are never given under two keys. `FactsMessage` renders from it; the
language's codec decodes it as it decodes every `Message` subclass. What a
lower package already says (an unreadable file, an unknown record kind) is
said in its words, from its catalogue: `facts_message` picks the class.
"""

from __future__ import annotations

from typing import ClassVar

from ..base.diagnostics import Message
from ..language.messages import LanguageMessage

__all__ = ["BORROWED", "MESSAGES", "FactsMessage", "facts_message"]

# key -> (English, Vietnamese). Arguments are str.format fields; names arrive quoted.
MESSAGES: dict[str, tuple[str, str]] = {
    # reading
    "no_paths": ("no facts files given", "chưa chỉ ra tệp số liệu nào"),
    "attribute_clash": (
        "unit {unit} has {name} = {second} here but {name} = {first} at {place}",
        "đơn vị {unit} có {name} = {second} ở đây nhưng {name} = {first} tại {place}",
    ),
    "mapping_needs_source": (
        "--mapping names a database's tables: give a database source (.duckdb, a folder of Parquet or CSV files, "
        "postgresql://…)",
        "--mapping dùng cho bảng của cơ sở dữ liệu: hãy chỉ ra nguồn cơ sở dữ liệu (.duckdb, thư mục tệp Parquet "
        "hoặc CSV, postgresql://…)",
    ),
    "source_alone": (
        "{path} is a database source: give it alone, without other facts files",
        "{path} là nguồn cơ sở dữ liệu: chỉ dùng riêng nó, không kèm tệp số liệu khác",
    ),
    "source_table": (
        "{path} is a database source: its tables are named by their record kinds, not by --table",
        "{path} là nguồn cơ sở dữ liệu: các bảng mang tên loại bản ghi, không dùng --table",
    ),
    "no_driver": (
        "{path}: reading {what} needs the {module} package: pip install 'planrules[sql]'",
        "{path}: đọc {what} cần gói {module}: pip install 'planrules[sql]'",
    ),
    "not_facts_file": (
        "{path} is not a facts file: use .toml, .csv or .xlsx",
        "{path} không phải tệp số liệu: dùng tệp .toml, .csv hoặc .xlsx",
    ),
    "no_files": ("no facts files (.toml, .csv, .xlsx) in {path}",
                 "không có tệp số liệu (.toml, .csv, .xlsx) nào trong {path}"),
    # workbooks (.xlsx)
    "xlsx_needs_openpyxl": (
        "{path}: reading a workbook needs the openpyxl package: pip install 'planrules[office]'",
        "{path}: đọc sổ tính cần gói openpyxl: pip install 'planrules[office]'",
    ),
    "not_workbook": (
        "{path} is not a workbook (.xlsx) that can be read: {reason}",
        "{path} không phải sổ tính (.xlsx) đọc được: {reason}",
    ),
    "workbook_too_large": (
        "{path} unpacks to more than {limit} bytes or {entries} files, the most a workbook may",
        "{path} giải nén ra hơn {limit} byte hoặc {entries} tệp, mức tối đa của một sổ tính",
    ),
    "no_sheets": (
        "{path} has no sheet of facts: name each sheet as its table (a record kind, counts, deliveries …)",
        "{path} không có trang số liệu nào: đặt tên mỗi trang theo bảng của nó (loại bản ghi, counts, deliveries …)",
    ),
    "no_header": (
        "sheet {table} has no column names in row {row} (row 1 holds the labels for people, row {row} the "
        "column names, as the template writes them)",
        "trang {table} không có tên cột ở dòng {row} (dòng 1 là tiêu đề cho người đọc, dòng {row} là tên cột, "
        "như mẫu đã ghi)",
    ),
    "sheet_too_many_rows": (
        "sheet {table} has more than {limit} data rows, the most a sheet may have",
        "trang {table} có hơn {limit} dòng số liệu, mức tối đa của một trang",
    ),
    "sheet_too_wide": (
        "sheet {table} has cells past column {limit}, the most a sheet may have",
        "trang {table} có ô vượt quá cột {limit}, mức tối đa của một trang",
    ),
    "formula_without_value": (
        "{item}: the formula {text} was saved without its value (by a program that does not compute formulas): "
        "open and save the workbook in a spreadsheet program, or type the value",
        "{item}: công thức {text} được lưu mà không có giá trị (bởi chương trình không tính công thức): hãy mở "
        "và lưu sổ tính bằng chương trình bảng tính, hoặc nhập giá trị",
    ),
    "error_value": ("{item}: the cell holds the error {text}", "{item}: ô chứa lỗi {text}"),
    "facts_too_large": (
        "{path} is larger than {limit} bytes, the most a facts file may be",
        "{path} lớn hơn {limit} byte, mức tối đa của một tệp số liệu",
    ),
    "too_many_rows": (
        "table {table} has more than {limit} rows, the most a CSV table may have",
        "bảng {table} có hơn {limit} dòng, mức tối đa của một bảng CSV",
    ),
    "too_many_entries": (
        "{path} has more than {limit} entries (keys, tables and array elements), the most a TOML facts file "
        "may have",
        "{path} có hơn {limit} mục (khóa, bảng và phần tử mảng), mức tối đa của một tệp số liệu TOML",
    ),
    "split_hint": (
        "split it into several files, or give large registers as CSV tables (up to {rows} rows each) or "
        "a database source (docs/sql.md)",
        "hãy tách thành nhiều tệp, hoặc đưa các sổ lớn vào bảng CSV (tối đa {rows} dòng mỗi bảng) hoặc "
        "nguồn cơ sở dữ liệu (docs/sql.md)",
    ),
    "toml_too_deep": (
        "nesting deeper than {limit} levels (tables, arrays and dotted keys)",
        "lồng nhau quá {limit} cấp (bảng, mảng và khóa có dấu chấm)",
    ),
    "toml_syntax": ("not valid TOML: {reason}", "không phải TOML hợp lệ: {reason}"),
    "bare_key": (
        "TOML allows only ASCII letters, digits, _ and - in a bare key: write {name} in quotes, \"{name}\"",
        "TOML chỉ cho phép chữ ASCII, chữ số, _ và - trong khóa không có ngoặc kép: viết {name} trong ngoặc kép, \"{name}\"",
    ),
    "toml_duplicate": (
        "{item} is given twice (first at line {first})",
        "{item} được khai báo hai lần (lần đầu ở dòng {first})",
    ),
    "csv_syntax": ("not valid CSV: {reason}", "không phải CSV hợp lệ: {reason}"),
    "csv_empty": ("the CSV file has no header line", "tệp CSV không có dòng tiêu đề"),
    # structure
    "unknown_key": ("unknown key {item} in {table}", "{table} không có khóa {item}"),
    "unknown_column": ("unknown column {item} in table {table}", "bảng {table} không có cột {item}"),
    "missing_key": ("{table} needs {item}", "{table} thiếu {item}"),
    "missing_column": ("table {table} needs a column {item}", "bảng {table} thiếu cột {item}"),
    "missing_cell": ("row {row} of table {table} has no {item}", "dòng {row} của bảng {table} thiếu {item}"),
    "unknown_table": ("unknown table {name}", "không có bảng {name}"),
    "duplicate_column": ("column {item} is given twice", "cột {item} xuất hiện hai lần"),
    "unnamed_column": (
        "a column without a name holds {text}",
        "một cột không có tên chứa {text}",
    ),
    # vocabulary
    # values
    "wrong_type": ("{item}: expected {expected}, found {found}", "{item}: cần {expected}, nhưng là {found}"),
    "has_time": (
        "{item}: {text} has a time of day; write the date only",
        "{item}: {text} có cả giờ; chỉ ghi ngày",
    ),
    "bad_date": ("{item}: {text} is not a date", "{item}: {text} không phải là ngày"),
    "date_no_month": (
        "{item}: {text} is not a date: there is no month {month}",
        "{item}: {text} không phải là ngày hợp lệ: không có tháng {month}",
    ),
    "date_no_day": (
        "{item}: {text} is not a date: month {month}/{year} has {days} days",
        "{item}: {text} không phải là ngày hợp lệ: tháng {month}/{year} chỉ có {days} ngày",
    ),
    "year_outside": (
        "{item}: {text} is not a year between 1900 and 2200",
        "{item}: {text} không phải là năm hợp lệ (1900-2200)",
    ),
    "negative": ("{item}: {text} is negative", "{item}: {text} là số âm"),
    "number_too_long": (
        "{item}: {text} has {count} digits, more than the {limit} a number may have",
        "{item}: {text} có {count} chữ số, nhiều hơn mức tối đa {limit} chữ số của một số",
    ),
    "text_too_long": (
        "{item}: {text} is longer than the {limit} characters {what} may have",
        "{item}: {text} dài hơn mức tối đa {limit} ký tự của {what}",
    ),
    "bad_period": (
        'period: {text} is not a period ("2026", "2026-05", "2026-H1", "2026-Q4", "2026-W14", "once" or a date)',
        'period: {text} không phải là kỳ ("2026", "2026-05", "2026-H1", "2026-Q4", "2026-W14", "once" hoặc một ngày)',
    ),
    "bad_periods": (
        "periods: {text} is not a list of periods (in TOML an array, periods = [\"2026-12\", \"2026-Q4\"]; "
        "in a cell, periods separated by ;)",
        "periods: {text} không phải là danh sách kỳ (trong TOML là một mảng, periods = [\"2026-12\", \"2026-Q4\"]; "
        "trong một ô, các kỳ cách nhau bởi dấu ;)",
    ),
    "period_twice": (
        "periods: {period} is named twice: a delivery answers a period once",
        "periods: {period} được ghi hai lần: mỗi kỳ chỉ được trả lời một lần",
    ),
    "period_and_periods": (
        "a delivery names its period once: period or periods, not both",
        "một kết quả nộp chỉ ghi kỳ một lần: period hoặc periods, không ghi cả hai",
    ),
    "bad_deadline": (
        "deadline: expected a deadline's label or its position (1, 2, ...), found {found}",
        "deadline: cần nhãn của thời hạn hoặc số thứ tự của nó (1, 2, ...), nhưng là {found}",
    ),
    "not_condition": (
        "{kind}.{field} is neither a yes/no nor a category field, so it cannot be a condition",
        "{kind}.{field} không phải trường có/không hay trường phân loại nên không thể làm điều kiện",
    ),
    "share_range": (
        "{metric} is a share: {value} is not between 0% and 100%",
        "{metric} là tỷ lệ: {value} không nằm trong khoảng 0% - 100%",
    ),
    "cut_range": ("{metric} is a cut: {value} is more than 100%", "{metric} là mức giảm: {value} vượt quá 100%"),
    "growth_range": ("{metric} is a growth: {value} is a fall of more than 100%",
                     "{metric} là mức tăng: {value} là mức giảm quá 100%"),
    "count_value": (
        "{metric} is a count: {value} is not a whole number ≥ 0",
        "{metric} là số lượng: {value} không phải số nguyên ≥ 0",
    ),
    "figure_unit": (
        "{metric} is reported in {declared}: {value} is in {written}",
        "{metric} tính bằng {declared}: {value} lại tính bằng {written}",
    ),
    "figure_needs_percent": (
        "{metric} is reported in %: write {value} with % (21%), or say measured_in = \"%\"",
        "{metric} tính bằng %: viết {value} kèm dấu % (21%), hoặc ghi measured_in = \"%\"",
    ),
    "unit_not_figure": (
        "measured_in is for a reported figure (số liệu báo cáo); {metric} is not one",
        "measured_in chỉ dùng cho số liệu báo cáo; {metric} không phải số liệu báo cáo",
    ),
    "per_record_value": (
        "{metric} is a value of each record: report the records, not a value",
        "{metric} là giá trị của từng bản ghi: hãy báo cáo các bản ghi, không phải một giá trị",
    ),
    # facts against each other
    "count_exceeds": (
        "{count} {kind} in {year} with {where} is more than the {total} with {other}",
        "{count} {kind} năm {year} ({where}) nhiều hơn số {total} ({other})",
    ),
    "records_and_counts": (
        "unit {unit} gives both records and counts of {kind} for {year}: give one of them",
        "đơn vị {unit} báo cáo cả bản ghi lẫn số lượng {kind} năm {year}: chỉ báo cáo một cách",
    ),
    "duplicate_id": (
        "{kind} {id} of unit {unit} is given twice",
        "{kind} {id} của đơn vị {unit} được khai báo hai lần",
    ),
    "duplicate_record": (
        "the same {kind} of unit {unit} is given twice",
        "cùng một {kind} của đơn vị {unit} được khai báo hai lần",
    ),
    "duplicate_count": (
        "the count of {kind} in {year} with {where} of unit {unit} is given twice",
        "số lượng {kind} năm {year} có {where} của đơn vị {unit} được khai báo hai lần",
    ),
    "duplicate_value": (
        "the value of {metric} in {year} of unit {unit} is given twice",
        "giá trị {metric} năm {year} của đơn vị {unit} được khai báo hai lần",
    ),
    "duplicate_unit": ("unit {unit} is listed twice", "đơn vị {unit} được liệt kê hai lần"),
    "code_twice": ("code {code} of unit {unit} is also the code of unit {other}",
                   "mã {code} của đơn vị {unit} cũng là mã của đơn vị {other}"),
    "code_is_name": ("code {code} of unit {unit} is the name of another unit",
                     "mã {code} của đơn vị {unit} trùng tên một đơn vị khác"),
    "unknown_parent": ("parent {parent} of unit {unit} is not a unit of the register",
                       "đơn vị cấp trên {parent} của {unit} không có trong danh mục đơn vị"),
    "ancestor_cycle": ("unit {unit} is its own ancestor: {ring}", "đơn vị {unit} là cấp trên của chính nó: {ring}"),
    "unknown_successor": ("successor {successor} of unit {unit} is not a unit of the register",
                          "đơn vị kế thừa {successor} của {unit} không có trong danh mục đơn vị"),
    "since_without_successor": ("unit {unit} has a {given} but no {missing}: a succession needs both",
                                "đơn vị {unit} có {given} nhưng không có {missing}: một sự kế thừa cần cả hai"),
    "successor_cycle": ("unit {unit} succeeds itself: {ring}", "đơn vị {unit} tự kế thừa chính nó: {ring}"),
    "bad_result": (
        "{item} {text} is not a result: write đạt or không đạt (met or not met)",
        "{item} {text} không phải là kết quả: ghi đạt hoặc không đạt (met hoặc not met)",
    ),
    "bad_change": ("{item} {text} is not a change of a unit", "{item} {text} không phải là một thay đổi của đơn vị"),
    "not_register_file": (
        "{path} is not a register file: name it *.units.csv or *.units.toml",
        "{path} không phải tệp danh mục đơn vị: đặt tên *.units.csv hoặc *.units.toml",
    ),
    "no_register_files": ("no register files (*.units.csv, *.units.toml) in {path}",
                          "không có tệp danh mục đơn vị (*.units.csv, *.units.toml) nào trong {path}"),
    "duplicate_event": (
        "event {event} on {date} is given twice",
        "sự kiện {event} ngày {date} được khai báo hai lần",
    ),
    "outside_period": (
        "{what} {value} lies outside the period of the facts, {start} to {end}",
        "{what} {value} nằm ngoài kỳ số liệu, từ {start} đến {end}",
    ),
    "period_order": ("period: {start} is after {end}", "period: {start} sau {end}"),
    "period_conflict": (
        "period {start} to {end} differs from {other_start} to {other_end} given in {other}",
        "kỳ số liệu {start} đến {end} khác với {other_start} đến {other_end} trong {other}",
    ),
    # hints
    "accepted": ("accepted: {names}", "chấp nhận: {names}"),
    "first_at": ("first given at {place}", "lần đầu ở {place}"),
    "unit_at": ("unit {unit} is at {place}", "đơn vị {unit} ở {place}"),
    "other_count_at": ("the other count is at {place}", "số lượng kia ở {place}"),
    "records_at": ("records at {place}", "bản ghi ở {place}"),
    "give_ids": ("give each record an id (id = ...) if both are real", "nếu cả hai đều có thật, hãy ghi id cho mỗi bản ghi"),
    "percent_hint": ("a share is written with %: did you mean {text}%?", "tỷ lệ viết kèm %: có phải là {text}%?"),
    "date_hint": (
        "write dates as 2026-03-02 or 02/03/2026",
        "viết ngày theo dạng 2026-03-02 hoặc 02/03/2026",
    ),
    # mapping files
    "mapping_unknown_table": (
        "the mapping maps {name}, which is neither a record kind nor a facts table",
        "tệp ánh xạ có {name}, không phải loại bản ghi hay bảng số liệu",
    ),
    "mapping_unknown_field": (
        "the mapping maps column {name} of {table}, which {table} does not have",
        "tệp ánh xạ có cột {name} của {table}, nhưng {table} không có cột này",
    ),
    "mapping_bad_name": (
        "{item}: {found} is not a name a database table or column can have",
        "{item}: {found} không phải tên bảng hay cột hợp lệ của cơ sở dữ liệu",
    ),
    "mapped_table_missing": (
        "the mapping reads {name} from table {table}, but {source} has no table {table}",
        "tệp ánh xạ đọc {name} từ bảng {table}, nhưng {source} không có bảng {table}",
    ),
    "mapped_column_missing": (
        "the mapping reads {name}.{column} from column {target} of table {table}, "
        "but table {table} has no column {target}",
        "tệp ánh xạ đọc {name}.{column} từ cột {target} của bảng {table}, nhưng bảng {table} không có cột {target}",
    ),
    "mapping_columns_are": ("the columns of {table}: {names}", "các cột của {table}: {names}"),
    "mapping_yes_and_no": (
        "the mapping lists {value} both as yes and as no for {column}",
        "tệp ánh xạ ghi {value} vừa là có vừa là không cho {column}",
    ),
    "value_not_mapped": (
        "{column} holds {value}, which the mapping's values for {field} do not list",
        "{column} có giá trị {value}, không có trong bảng giá trị của tệp ánh xạ cho {field}",
    ),
    "reported_kind_undeclared": (
        "{column} holds {value}, which is no record kind declared (without [reported.values.kind], it holds the "
        "kinds' names)",
        "{column} có giá trị {value}, không phải loại bản ghi nào đã khai báo (khi không có [reported.values.kind], "
        "cột này ghi tên các loại bản ghi)",
    ),
    "mapped_value_not_category": (
        "the mapping maps {value} to {category}, which is not a category of {field}",
        "tệp ánh xạ chuyển {value} thành {category}, không phải một loại của {field}",
    ),
    "mapping_values_field": (
        "values of {field} cannot be mapped: it is {type}; a value map is for a category field, yes/no lists "
        "for a yes/no field",
        "không thể ánh xạ giá trị của {field}: trường này là {type}; bảng giá trị dành cho trường phân loại, "
        "danh sách có/không dành cho trường có/không",
    ),
    "mapping_values_form": (
        "{field} is a yes/no field: give its values as yes = [...] and no = [...]",
        "{field} là trường có/không: hãy ghi giá trị dạng yes = [...] và no = [...]",
    ),
    "mapping_map_form": (
        "{field} is a category field: give its values as the database's value = \"category\"",
        "{field} là trường phân loại: hãy ghi giá trị dạng giá trị trong cơ sở dữ liệu = \"loại\"",
    ),
    "mapping_year_undated": (
        "a year column stands for the date of {kind}, which has no date field",
        "cột năm thay cho ngày của {kind}, nhưng {kind} không có trường ngày",
    ),
    "mapping_year_and_date": (
        "{kind} maps its date field {field} and a year column: give one or the other",
        "{kind} vừa ánh xạ trường ngày {field} vừa có cột năm: chỉ dùng một trong hai",
    ),
    "mapping_identity_and_id": (
        "{kind} maps id and gives an identity: give one or the other",
        "{kind} vừa ánh xạ id vừa khai báo identity: chỉ dùng một trong hai",
    ),
    "mapping_shape_of_table": (
        "{what} is for a record kind's table, not for {table}",
        "{what} chỉ dùng cho bảng của loại bản ghi, không dùng cho {table}",
    ),
    "mapped_kind_unknown": (
        "the mapping maps {value} to {kind}, which is not a record kind",
        "tệp ánh xạ chuyển {value} thành {kind}, không phải loại bản ghi",
    ),
    "reported_column": (
        "the reported table has the columns unit, kind and year, not {name}",
        "bảng đã báo cáo có các cột unit, kind và year, không có {name}",
    ),
    "mapping_percent_form": (
        "percent.{field} is {found}: say how the column writes a percentage, \"0-100\" (45.5 for 45,5%) or "
        "\"0-1\" (0.455)",
        "percent.{field} là {found}: hãy ghi cột viết tỷ lệ phần trăm thế nào, \"0-100\" (45.5 cho 45,5%) hay "
        "\"0-1\" (0.455)",
    ),
    "mapping_percent_field": (
        "percent is for a percentage field, but {field} is {type}",
        "percent chỉ dùng cho trường phần trăm, nhưng {field} là {type}",
    ),
    "percent_outside": (
        "{column} holds {value}, which is no percentage written {form} as the mapping declares for {field} "
        "(from {low} to {high}, at most {places} decimals)",
        "{column} có giá trị {value}, không phải tỷ lệ phần trăm viết theo dạng {form} mà tệp ánh xạ khai báo cho "
        "{field} (từ {low} đến {high}, tối đa {places} chữ số thập phân)",
    ),
    "mapping_where_empty": (  # F251
        "{part}.{column} lists no value: list the values that keep a row (where) or leave it out (except)",
        "{part}.{column} không ghi giá trị nào: hãy ghi các giá trị giữ lại một dòng (where) hoặc loại nó ra (except)",
    ),
    "where_null": (  # F253
        "{column} is NULL, which the mapping's where for {name} neither keeps nor leaves out: give the row a value, "
        "or say the rows to leave out with except (a NULL leaves no row out)",
        "{column} là NULL, giá trị mà where của tệp ánh xạ cho {name} không giữ lại cũng không loại ra: hãy cho dòng "
        "một giá trị, hoặc ghi các dòng cần loại ra bằng except (NULL không loại dòng nào)",
    ),
    "kinds_share_table": (  # F252
        "the mapping reads both {first} and {second} from table {table}, and {bare} has no where: each of its rows "
        "would be a record of both; give each kind a where saying which rows are its own (kind_code = [\"…\"])",
        "tệp ánh xạ đọc cả {first} và {second} từ bảng {table}, và {bare} không có where: mỗi dòng của bảng sẽ là "
        "bản ghi của cả hai loại; hãy cho mỗi loại một where chỉ ra các dòng của nó (kind_code = [\"…\"])",
    ),
    "units_table_twice": (
        "table {table} is read as units twice: give each units table once",
        "bảng {table} được đọc làm bảng đơn vị hai lần: mỗi bảng đơn vị chỉ ghi một lần",
    ),
    "mapping_units_only": (
        "{what} is for a units table, not for {table}",
        "{what} chỉ dùng cho bảng đơn vị, không dùng cho {table}",
    ),
    "mapping_unit_form": (
        "values of unit map the database's codes to units: give them as the database's code = \"unit\"",
        "giá trị của unit ánh xạ mã đơn vị trong cơ sở dữ liệu sang đơn vị: hãy ghi dạng mã = \"đơn vị\"",
    ),
    "unit_map_and_key": (
        "{table} maps its unit codes by hand, but a units table's key names the database's units already",
        "{table} tự ánh xạ mã đơn vị, nhưng khóa (key) của bảng đơn vị đã đặt tên các đơn vị của cơ sở dữ liệu",
    ),
    "unit_key_unknown": (
        "{column} holds {value}, which is the key of no unit of the units tables ({keys})",
        "{column} có giá trị {value}, không phải khóa của đơn vị nào trong các bảng đơn vị ({keys})",
    ),
    "unit_key_twice": (
        "{column} gives unit {named} the key {value}, which is the key of unit {other} already (at {first})",
        "{column} cho đơn vị {named} khóa {value}, vốn đã là khóa của đơn vị {other} (tại {first})",
    ),
    "year_needs_date": (
        "{rule} needs the date of each {kind} record ({reason}), but the mapping gives {kind} only a year",
        "{rule} cần ngày của từng bản ghi {kind} ({reason}), nhưng tệp ánh xạ chỉ cho {kind} một cột năm",
    ),
    # table sources (DuckDB, Parquet, PostgreSQL)
    "column_type": (
        "column {column} of table {table} is {found}, but {field} is {expected}",
        "cột {column} của bảng {table} có kiểu {found}, nhưng {field} cần kiểu {expected}",
    ),
    "mapped_type_cast": (
        "map a column that holds {expected}, or one cast to it in the database (a view of the table)",
        "hãy ánh xạ tới một cột kiểu {expected}, hoặc một cột được chuyển sang kiểu đó trong cơ sở dữ liệu (một view "
        "của bảng)",
    ),
    "mapped_collated": (
        "the mapping reads column {column} of table {table}, which is {found}: the database compares its values by "
        "that collation (case or accents aside), where planrules compares them exactly",
        "tệp ánh xạ đọc cột {column} của bảng {table}, có kiểu {found}: cơ sở dữ liệu so sánh giá trị của cột theo "
        "collation đó (bỏ qua chữ hoa, dấu), còn planrules so sánh chính xác",
    ),
    "duplicate": ("the same {what} twice (rows {first} and {second})",
                  "{what} bị lặp lại (dòng {first} và {second})"),
    "not_storable": ("{column}: {value} cannot be stored exactly as {type}",
                     "{column}: {value} không lưu chính xác được dưới dạng {type}"),
    "timeout": ("a query of the source ran longer than its time limit of {seconds} s and was stopped",
                "một truy vấn nguồn số liệu chạy quá thời hạn {seconds} giây và đã bị dừng"),
    "timeout_hint": ("a view of the database may never end; otherwise raise --query-timeout",
                     "có thể một view của cơ sở dữ liệu không bao giờ kết thúc; nếu không, hãy tăng --query-timeout"),
    "server_version": (
        "{path} is PostgreSQL {version}: planrules reads PostgreSQL 13 or later, which composes text (normalize) "
        "as planrules reads it",
        "{path} là PostgreSQL {version}: planrules đọc PostgreSQL 13 trở lên, phiên bản chuẩn hóa văn bản "
        "(normalize) như planrules đọc",
    ),
    "server_encoding": (
        "{path} keeps its text in {encoding}, not UTF8: PostgreSQL would count, trim and compose it otherwise than "
        "planrules reads it",
        "{path} lưu văn bản theo bảng mã {encoding}, không phải UTF8: PostgreSQL sẽ đếm, cắt khoảng trắng và chuẩn "
        "hóa văn bản khác với cách planrules đọc",
    ),
    "server_encoding_hint": (
        "copy it into a database created with ENCODING 'UTF8' (pg_dump, then psql into it)",
        "hãy chép sang một cơ sở dữ liệu tạo với ENCODING 'UTF8' (pg_dump, rồi psql vào đó)",
    ),
    "more": ("… and {count} more", "… và {count} lỗi khác"),
    "place": ("in {place}", "tại {place}"),
}


class FactsMessage(Message):
    """A message about facts: a key of `MESSAGES` and its arguments."""

    catalogue: ClassVar[dict[str, tuple[str, str]]] = MESSAGES


# The keys the facts layer says in the words of a lower package, whose catalogue holds them:
# the same words for a plan's file and a facts file, an unknown kind in a plan and in a table.
BORROWED: dict[str, type[Message]] = {
    "unreadable": Message,
    "did_you_mean": Message,
    "not_utf8": Message,
    "unknown_kind": LanguageMessage,
    "kind_has_no_field": LanguageMessage,
    "unknown_metric": LanguageMessage,
    "unknown_category": LanguageMessage,
}


def facts_message(key: str, **args: object) -> Message:
    """The message `key` with `args`, from the facts catalogue or the lower one that holds it (`BORROWED`)."""
    return BORROWED.get(key, FactsMessage).of(key, **args)
