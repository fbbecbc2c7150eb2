"""Messages of the imports themselves: the sheet a workbook is read from, which way its
dates are written, the list of imports made, and an import undone
(services/import_undo.py)."""

MESSAGES: dict[str, dict[str, str]] = {
    # The workbook's sheets, in the Backfill screen
    "BACKFILL_OTHER_SHEETS": {
        "vi": "Tệp còn {count} trang tính khác có dữ liệu: {sheets}. Chọn từng trang để nhập.",
        "en": "The file has {count} other {count:sheet|sheets} with data: {sheets}. Choose each to import it.",
    },
    "CLI_IMPORT_OTHER_SHEETS": {
        "vi": "Tệp còn {count} trang tính khác có dữ liệu chưa nhập: {sheets}. Nhập từng "
              "trang bằng --sheet TÊN.",
        "en": "The file has {count} other {count:sheet|sheets} with data not imported: "
              "{sheets}. Import each with --sheet NAME.",
    },
    # Import pressed on a file saved again since its preview: read again, its columns to check
    "BACKFILL_FILE_CHANGED": {
        "vi": "Tệp đã được lưu lại sau khi xem trước nên các cột có thể đã đổi chỗ: đã đọc "
              "lại tệp, chưa nhập dòng nào. Hãy kiểm tra lại các cột rồi bấm “Nhập từ tệp”.",
        "en": "The file was saved again after its preview, so its columns may have moved: "
              "it was read again and no row was imported. Check the columns, then press "
              "“Import”.",
    },
    "BACKFILL_SHEET_NO_HEADER": {
        "vi": "không có dòng tiêu đề",
        "en": "no header row",
    },
    # Which way a file writes its dates (importers/date_order.py): a cell that reads both
    # ways, and what the report says of a column read month first or holding both orders
    "DOSE_DATE_AMBIGUOUS": {
        "vi": "Ngày tiêm “{value}” đọc được hai cách ({one} hoặc {other}), mà cột này ghi "
              "ngày theo cả hai kiểu ngày/tháng và tháng/ngày: không đoán. Hãy ghi rõ ngày "
              "theo dạng dd/mm/yyyy rồi nhập lại dòng này.",
        "en": "Dose date “{value}” reads two ways ({one} or {other}), and this column writes "
              "dates both day first and month first: not guessed. Write the date as "
              "dd/mm/yyyy and import this row again.",
    },
    "DOB_AMBIGUOUS": {
        "vi": "Ngày sinh “{value}” đọc được hai cách ({one} hoặc {other}), mà cột này ghi "
              "ngày theo cả hai kiểu ngày/tháng và tháng/ngày: chưa lưu ngày sinh, cần xác "
              "minh.",
        "en": "Date of birth “{value}” reads two ways ({one} or {other}), and this column "
              "writes dates both day first and month first: not stored, to be checked.",
    },
    # Typed dd/mm into an English-locale Excel: its date cells day for month
    # (importers/date_order.swapped).
    "DATE_CELLS_SWAPPED": {
        "vi": "Cột “{column}”: các ô ngày của cột đã bị Excel (cài đặt tiếng Anh) đổi ngày "
              "thành tháng khi gõ (dòng {row}: ô ghi {value} được đọc là {shown}), còn các "
              "ô gõ dạng chữ ghi ngày/tháng (vd. “{text}”): mọi ô ngày của cột được đọc lại "
              "theo ngày/tháng. Hãy xem lại vài dòng trước khi đồng bộ.",
        "en": "Column “{column}”: its date cells were made by an English-locale Excel from "
              "dates typed day first, day and month swapped (row {row}: the cell {value} is "
              "read as {shown}), while its text cells write day/month (e.g. “{text}”): every "
              "date cell of it is read back day first. Check a few rows before syncing.",
    },
    "DATE_ORDER_MONTH_FIRST": {
        "vi": "Cột “{column}” ghi ngày theo kiểu tháng/ngày/năm (dòng {row}: “{value}” là "
              "{shown}): mọi ngày của cột được đọc theo kiểu này.",
        "en": "Column “{column}” writes dates month first (row {row}: “{value}” is {shown}): "
              "every date in it is read month/day/year.",
    },
    # A column writing years with two digits (rules/dates.full_year)
    "DATE_SHORT_YEAR": {
        "vi": "Cột “{column}” ghi năm bằng hai chữ số (dòng {row}: “{value}” là {shown}): "
              "mỗi năm được đọc là năm gần nhất không sau năm nay.",
        "en": "Column “{column}” writes years with two digits (row {row}: “{value}” is "
              "{shown}): each is read as the latest such year not after this one.",
    },
    "DATE_SHORT_YEAR_DOB": {
        "vi": "Cột “{column}” ghi năm bằng hai chữ số (dòng {row}: “{value}” là {shown}): "
              "mỗi năm được đọc là năm gần nhất không sau năm nay, trừ khi số CCCD của dòng "
              "cho biết thế kỷ khác (thì theo số CCCD).",
        "en": "Column “{column}” writes years with two digits (row {row}: “{value}” is "
              "{shown}): each is read as the latest such year not after this one, unless the "
              "row's CCCD gives another century (then the CCCD's).",
    },
    "DATE_ORDER_MONTH_FIRST_LIKE": {
        "vi": "Cột “{column}” không tự cho biết thứ tự ngày và tháng: được đọc theo kiểu "
              "tháng/ngày/năm như cột “{other}” của cùng tệp.",
        "en": "Column “{column}” does not show whether its dates are day or month first: "
              "it is read month/day/year, as column “{other}” of the same file.",
    },
    "DATE_ORDER_MIXED": {
        "vi": "Cột “{column}” ghi ngày theo cả hai kiểu: ngày/tháng/năm (dòng {day_row}: "
              "“{day_value}”) và tháng/ngày/năm (dòng {month_row}: “{month_value}”). Những "
              "ngày đọc được theo cả hai cách không được đoán: từng dòng được nêu.",
        "en": "Column “{column}” writes dates both day first (row {day_row}: “{day_value}”) "
              "and month first (row {month_row}: “{month_value}”). Dates that read both "
              "ways are not guessed: each row is listed.",
    },
    "DATE_ORDER_MIXED_FROM": {
        "vi": "Từ dòng {row}, cột “{column}” có ngày chỉ đọc được theo kiểu khác (“{value}”): "
              "những ngày đọc được theo cả hai cách từ dòng đó trở đi không được đoán; các "
              "dòng trước đã đọc theo kiểu {was}. Hãy kiểm tra các dòng trước dòng {row}.",
        "en": "From row {row}, column “{column}” has a date that reads only the other way "
              "(“{value}”): dates that read both ways from that row on were not guessed; "
              "the rows before were read {was}. Check the rows before row {row}.",
    },
    # Rows that are no dose and are skipped, said in the preview, the summary (a line for
    # all of a kind) and the report (a line each): rows the file hides (importers/
    # hidden_rows.py), the lines under a totals row that name no vaccine and no one
    "HIDDEN_ROW_SKIPPED": {
        "vi": "Bỏ qua dòng {row}: dòng này bị ẩn trong tệp hoặc bị gạch ngang (thường là dòng "
              "đã gạch bỏ). Nếu đó là mũi tiêm thật, hãy bỏ ẩn (bỏ gạch ngang) dòng này "
              "trong tệp rồi nhập lại tệp.",
        "en": "Skipped row {row}: it is hidden or struck through in the file (a struck-out "
              "row, as a rule). If it is a real dose, unhide it (remove the strikethrough) "
              "in the file and import the file again.",
    },
    # Columns an import reads nothing from (importers/headers.unused_columns).
    "IMPORT_COLUMNS_UNUSED": {
        "vi": "Không đọc {count} cột vì tên cột không khớp mẫu: {columns}. Nếu cột có dữ liệu "
              "cần nhập, hãy đổi tên cột theo mẫu (ví dụ “Số điện thoại”) hoặc chọn cột trong "
              "màn hình Hồi cứu, rồi nhập lại tệp.",
        "en": "{count} {count:column|columns} not read: {columns}; their headings match no "
              "template column. If one holds data to import, rename it as in the template "
              "(e.g. “Số điện thoại”) or choose it on the Backfill screen, then import the "
              "file again.",
    },
    "IMPORT_COLUMN_NAMED": {"vi": "“{header}” (cột {column})",
                            "en": "“{header}” (column {column})"},
    "HIDDEN_ROWS_SKIPPED": {
        "vi": "Bỏ qua {count} dòng bị ẩn trong tệp hoặc bị gạch ngang (dòng {rows}): những dòng "
              "này (dòng đã gạch bỏ, hoặc bị bộ lọc che) không được nhập. Nếu có mũi tiêm thật "
              "trong đó, hãy bỏ ẩn (bỏ gạch ngang) trong tệp rồi nhập lại tệp: những dòng đã "
              "nhập sẽ được bỏ qua.",
        "en": "Skipped {count} {count:row|rows} hidden or struck through in the file "
              "({count:row|rows} {rows}): such rows (struck out, or left out by a filter) are "
              "not imported. If any is a real dose, unhide it (remove the strikethrough) in "
              "the file and import the file again: the rows already imported are skipped.",
    },
    "BACKFILL_HIDDEN_NOTE": {
        "vi": "Tệp có dòng bị ẩn (dòng {rows}): dòng bị ẩn sẽ không được nhập. Nếu có mũi "
              "tiêm thật trong đó, hãy bỏ ẩn trong tệp rồi chọn lại tệp.",
        "en": "The file hides rows (rows {rows}): hidden rows are not imported. If any is a "
              "real dose, unhide it in the file and choose the file again.",
    },
    "FOOTER_ROW_SKIPPED": {
        "vi": "Bỏ qua dòng {row} dưới dòng tổng cộng: dòng này không ghi vắc xin, ngày sinh "
              "hay số giấy tờ (chữ ký, ngày lập danh sách), không phải một mũi tiêm.",
        "en": "Skipped row {row} under the totals row: it names no vaccine, date of birth or "
              "ID (a signature, the list's date) and is not a dose.",
    },
    "SIGNATURE_ROW_SKIPPED": {
        "vi": "Bỏ qua dòng {row}: phần ký tên cuối danh sách (chức danh, họ tên người ký, "
              "ngày lập), không ghi vắc xin, ngày sinh hay số giấy tờ, không phải một mũi tiêm.",
        "en": "Skipped row {row}: the list's signature block (a signer's title or name, the "
              "list's date), with no vaccine, date of birth or ID, is not a dose.",
    },
    "SIGNATURE_ROWS_SKIPPED": {
        "vi": "Bỏ qua {count} dòng ký tên cuối danh sách (dòng {rows}): chức danh, họ tên "
              "người ký, ngày lập, không ghi vắc xin, ngày sinh hay số giấy tờ, không phải "
              "mũi tiêm.",
        "en": "Skipped {count} {count:row|rows} of the list's signature block (rows {rows}): "
              "signers' titles and names, the list's date, no vaccine, date of birth or ID, "
              "not doses.",
    },
    "FOOTER_ROWS_SKIPPED": {
        "vi": "Bỏ qua {count} dòng dưới dòng tổng cộng (dòng {rows}): không ghi vắc xin, "
              "ngày sinh hay số giấy tờ (chữ ký, ngày lập danh sách), không phải mũi tiêm.",
        "en": "Skipped {count} {count:row|rows} under the totals row (rows {rows}): no "
              "vaccine, date of birth or ID (signatures, the list's date), not doses.",
    },
    "DATE_ORDER_DAY_FIRST_NAME": {"vi": "ngày/tháng/năm", "en": "day/month/year"},
    "DATE_ORDER_MONTH_FIRST_NAME": {"vi": "tháng/ngày/năm", "en": "month/day/year"},
    # The void an undo makes: its reason, kept with the dose and sent to the central platform
    "IMPORT_UNDO_REASON": {
        "vi": "Hoàn tác lần nhập tệp {file} lúc {date}",
        "en": "Import of {file} at {date} undone",
    },
    "IMPORT_UNDO_ASK": {
        "vi": "Hoàn tác lần nhập tệp {source} lúc {date} của {by}?\n\n{count} mũi tiêm sẽ được đánh dấu nhập nhầm với lý do “{reason}”; hệ thống trung tâm nhận việc này ở lần đồng bộ tới. Không có gì bị xóa, và mỗi mũi được ghi vào nhật ký.",
        "en": "Undo the import of {source} at {date} by {by}?\n\n{count} {count:dose is|doses are} marked entered in error with the reason “{reason}”; the central platform gets this at the next sync. Nothing is deleted, and each dose is written to the audit log.",
    },
    "IMPORT_UNDO_ASK_PEOPLE": {
        "vi": "Hoàn tác lần nhập tệp {source} lúc {date} của {by}?\n\nLần nhập này không có mũi tiêm nào để đánh dấu nhập nhầm.",
        "en": "Undo the import of {source} at {date} by {by}?\n\nThis import has no dose to mark entered in error.",
    },
    "IMPORT_UNDO_NOTHING": {
        "vi": "Lần nhập tệp {file} lúc {date} không còn mũi tiêm nào để hoàn tác.",
        "en": "The import of {file} at {date} has no dose left to undo.",
    },
    "IMPORT_UNDO_LEFT_VOIDED": {
        "vi": "{count} mũi tiêm đã được đánh dấu nhập nhầm từ trước.",
        "en": "{count} {count:dose was|doses were} already marked entered in error.",
    },
    "IMPORT_UNDO_LEFT_CHANGED": {
        "vi": "{count} mũi tiêm được giữ nguyên vì đã được sửa sau khi nhập: hãy xem và đánh dấu từng mũi nếu cần.",
        "en": "{count} {count:dose stays|doses stay} as {count:it is|they are}: corrected since the import; check and void each if need be.",
    },
    "IMPORT_UNDO_LEFT_CERTIFIED": {
        "vi": "{count} mũi tiêm được giữ nguyên vì có trên chứng nhận còn hiệu lực: người dân đang giữ giấy đó; hãy đánh dấu từng mũi (chứng nhận sẽ bị thu hồi) nếu cần.",
        "en": "{count} {count:dose stays|doses stay} as {count:it is|they are}: printed on a certificate still in force that a person holds; void each (revoking the certificate) if need be.",
    },
    "IMPORT_UNDO_LEFT_COUNTED_ON": {
        "vi": "{count} mũi tiêm được giữ nguyên vì có mũi tiêm ghi nhận sau đó tính tiếp theo mũi này.",
        "en": "{count} {count:dose stays|doses stay} as {count:it is|they are}: a dose recorded since for the same person counts on {count:it|them}.",
    },
    "IMPORT_UNDO_PEOPLE": {
        "vi": "{count} người do lần nhập này tạo ra vẫn được giữ hồ sơ: không có gì bị xóa, các mũi đã đánh dấu vẫn gắn với họ.",
        "en": "{count} {count:person|people} this import created {count:keeps a record|keep their records}: nothing is deleted, and the voided doses stay with them.",
    },
    "IMPORT_UNDO_CORRECTIONS": {
        "vi": "{count} lần sửa thông tin người đã ghi nhận của lần nhập này không được hoàn tác: mỗi lần có trong lịch sử hồ sơ, sửa lại ở đó nếu cần.",
        "en": "The {count} {count:correction|corrections} this import made to people already recorded {count:is|are} not undone: each is in the record's history, to correct again there.",
    },
    "IMPORT_UNDO_TAKE_BACK": {
        "vi": "Thông tin của {count} người đã có hồ sơ mà lần nhập này đã sửa sẽ được trả lại như trước khi nhập; mỗi người được ghi vào nhật ký và gửi lại lên hệ thống trung tâm.",
        "en": "{count} {count:person|people} already recorded whom this import corrected {count:is|are} restored to how they were before it; each is written to the audit log and sent to the central platform again.",
    },
    "IMPORT_UNDO_TAKEN_BACK": {
        "vi": "Thông tin của {count} người đã có hồ sơ đã được trả lại như trước khi nhập.",
        "en": "{count} {count:person|people} already recorded {count:was|were} restored to how they were before the import.",
    },
    # The people an undo leaves as they are, by why (import_undo_corrections.LEFT)
    "IMPORT_UNDO_PEOPLE_LEFT_CHANGED": {
        "vi": "Giữ nguyên thông tin của {count} người mà lần nhập này đã sửa, vì đã có người sửa lại sau lần nhập: xem lịch sử hồ sơ và sửa ở đó nếu cần.",
        "en": "{count} {count:person|people} this import corrected {count:keeps|keep} their details as they are: corrected again since the import; see the record's history and correct it there if need be.",
    },
    "IMPORT_UNDO_PEOPLE_LEFT_MERGED": {
        "vi": "Giữ nguyên {count} người mà lần nhập này đã sửa, vì hồ sơ đã được gộp vào hồ sơ khác: hồ sơ được giữ có thể mang thông tin do lần nhập sửa, hãy xem lịch sử của hồ sơ đó.",
        "en": "{count} {count:person|people} this import corrected {count:is|are} left as they are: merged into another record since; the record kept may carry what the import wrote, so check its history.",
    },
    "IMPORT_UNDO_PEOPLE_LEFT_CERTIFIED": {
        "vi": "Giữ nguyên thông tin của {count} người mà lần nhập này đã sửa, vì chứng nhận còn hiệu lực in sau lần nhập mang thông tin đó: người dân đang giữ giấy; sửa từng hồ sơ (chứng nhận sẽ bị thu hồi) nếu cần.",
        "en": "{count} {count:person|people} this import corrected {count:keeps|keep} their details as they are: a certificate in force printed since carries them and a person holds it; correct each (revoking it) if need be.",
    },
    "IMPORT_UNDO_PEOPLE_LEFT_REFUSED": {
        "vi": "Không trả lại được thông tin của {count} người mà lần nhập này đã sửa: thông tin cũ nay không hợp lệ (ví dụ số giấy tờ cũ đã được ghi cho người khác); xem hồ sơ và sửa ở đó.",
        "en": "{count} {count:person|people} this import corrected could not be restored: the details from before would now be wrong (an ID number since recorded for someone else); see the record and correct it there.",
    },
    "IMPORT_UNDO_PROGRESS": {
        "vi": "Đã đánh dấu {voided}/{total} mũi tiêm…",
        "en": "{voided}/{total} doses marked…",
    },
    "IMPORT_UNDO_DONE": {
        "vi": "Đã hoàn tác lần nhập tệp {file}: {count} mũi tiêm được đánh dấu nhập nhầm.",
        "en": "The import of {file} is undone: {count} {count:dose|doses} marked entered in error.",
    },
    "IMPORT_UNDO_STOPPED": {
        "vi": "Đã dừng hoàn tác lần nhập tệp {file}: {count} mũi tiêm đã được đánh dấu. Hoàn tác lại để làm nốt.",
        "en": "Undoing the import of {file} stopped: {count} {count:dose|doses} marked. Undo it again to finish.",
    },
    "IMPORT_UNDO_STOPPED_PEOPLE": {
        "vi": "Đã dừng hoàn tác lần nhập tệp {file}: thông tin của {count} người đã được trả lại như trước khi nhập. Hoàn tác lại để làm nốt.",
        "en": "Undoing the import of {file} stopped: {count} {count:person|people} restored to how they were before it. Undo it again to finish.",
    },
    "IMPORT_UNDO_PROGRESS_PEOPLE": {
        "vi": "Đã trả lại thông tin {done}/{total} người…",
        "en": "{done}/{total} people restored…",
    },
    "IMPORT_UNDO_DONE_PEOPLE": {
        "vi": "Đã hoàn tác lần nhập tệp {file}.",
        "en": "The import of {file} is undone.",
    },
    # An import and an undo never run at once (services/import_batches.claim).
    "IMPORT_UNDO_WHILE_IMPORTING": {
        "vi": "Tệp {file} đang được nhập: chưa hoàn tác gì. Hãy chờ nhập xong rồi mới hoàn tác.",
        "en": "{file} is being imported: nothing was undone. Wait for the import to finish, then undo.",
    },
    "IMPORT_WHILE_UNDOING": {
        "vi": "Đang hoàn tác lần nhập tệp {file} (thẻ “Các lần nhập”): tệp này chưa được nhập. Hãy chờ hoàn tác xong rồi nhập lại.",
        "en": "The import of {file} is being undone (the “Imports made” tab): this file was not imported. Wait for the undo to finish, then import it.",
    },
    "PAPER_WHILE_UNDOING": {
        "vi": "Đang hoàn tác lần nhập tệp {file} (thẻ “Các lần nhập”): phiếu này chưa được lưu. Hãy chờ hoàn tác xong rồi lưu lại.",
        "en": "The import of {file} is being undone (the “Imports made” tab): this form was not saved. Wait for the undo to finish, then save it again.",
    },
    "IMPORT_UNDO_EMPTY_PEOPLE": {
        "vi": "{count} người do lần nhập này tạo ra nay không còn mũi tiêm nào; hồ sơ của họ vẫn được giữ và được đưa vào danh sách làm sạch để kiểm tra.",
        "en": "{count} {count:person|people} this import created now {count:has|have} no dose; {count:the record stays|their records stay}, put on the data-cleaning list to check.",
    },
    # The list of imports (the Backfill screen, ``vaxdesk imports``)
    "IMPORT_COUNTS": {
        "vi": "{stored} mũi tiêm, {people} người mới",
        "en": "{stored} {stored:dose|doses}, {people} new {people:person|people}",
    },
    "IMPORT_COUNTS_CORRECTED": {
        "vi": "{stored}, {count} dòng sửa thông tin người đã có hồ sơ",
        "en": "{stored}, {count} {count:row|rows} correcting people already recorded",
    },
    "IMPORT_STATE_DONE": {"vi": "đã xong", "en": "done"},
    "IMPORT_STATE_STOPPED": {"vi": "dừng giữa chừng", "en": "stopped part-way"},
    # Failed part-way: the counts beside it are what was stored (db/interrupted_imports.py);
    # the rest of the file was not, and the same file imported again takes only the rest.
    "IMPORT_STATE_FAILED": {
        "vi": "lỗi giữa chừng: chỉ lưu được số mũi tiêm ghi bên cạnh, phần còn lại của tệp "
              "chưa được lưu. Hãy nhập lại chính tệp này: những dòng đã lưu sẽ được bỏ qua, "
              "không bị lưu hai lần.",
        "en": "failed part-way: only the doses counted beside it were stored, not the rest "
              "of the file. Import the same file again: the rows already stored are "
              "skipped, never stored twice.",
    },
    # Why an import failed when VaxDesk itself was gone (the audit's reason, by its code)
    "IMPORT_INTERRUPTED": {
        "vi": "VaxDesk đã bị tắt (mất điện, bị buộc đóng) trước khi lần nhập xong.",
        "en": "VaxDesk was closed (a power cut, a forced quit) before the import had "
              "finished.",
    },
    "IMPORT_STATE_RUNNING": {"vi": "đang nhập", "en": "running"},
    # An undo stopped part-way (its Stop, or the app closed): what it voided stays voided.
    "IMPORT_STATE_PARTLY_UNDONE": {
        "vi": "hoàn tác dở dang: {count} mũi tiêm đã được đánh dấu nhập nhầm, các mũi còn lại vẫn được tính. Hoàn tác lại để làm nốt.",
        "en": "partly undone: {count} {count:dose|doses} marked entered in error, the others still count. Undo it again to finish.",
    },
    "IMPORT_STATE_PARTLY_UNDONE_PEOPLE": {
        "vi": "hoàn tác dở dang: một số người đã được trả lại thông tin như trước khi nhập. Hoàn tác lại để làm nốt.",
        "en": "partly undone: some people restored to how they were before it. Undo it again to finish.",
    },
    "IMPORT_STATE_UNDONE": {
        "vi": "đã hoàn tác lúc {date} ({by})",
        "en": "undone at {date} ({by})",
    },
    "CLI_IMPORTS_LINE": {
        "vi": "{id}\t{date}\t{source}\t{by}\t{counts}\t{state}",
        "en": "{id}\t{date}\t{source}\t{by}\t{counts}\t{state}",
    },
    "IMPORT_SOURCE_SHEET": {"vi": "{file} (trang {sheet})", "en": "{file} (sheet {sheet})"},
    "CLI_IMPORTS_OLDER": {
        "vi": "Chỉ hiện {shown} lần nhập mới nhất; còn {count} lần nhập cũ hơn: xem tất cả bằng vaxdesk imports --all.",
        "en": "Only the newest {shown} imports are shown; {count} older {count:import is|imports are} not: see them all with vaxdesk imports --all.",
    },
    # The Backfill screen's list of imports, cut: how many older ones a button lists.
    "IMPORTS_OLDER": {
        "vi": "Còn {count} lần nhập cũ hơn chưa hiện.",
        "en": "{count} older {count:import is|imports are} not shown.",
    },
    "CLI_IMPORTS_NONE": {
        "vi": "Chưa có lần nhập nào.",
        "en": "No import has been made.",
    },
    "CLI_IMPORT_UNDO_APPLY": {
        "vi": "Chưa hoàn tác gì. Chạy lại với --apply để hoàn tác.",
        "en": "Nothing undone yet. Run again with --apply to undo it.",
    },
    "HELP_IMPORTS": {
        "vi": "liệt kê các lần nhập bảng tính gần đây (số, ngày, tệp, người nhập, số lượng)",
        "en": "list the recent spreadsheet imports (number, date, file, who, counts)",
    },
    "HELP_IMPORTS_ALL": {
        "vi": "liệt kê mọi lần nhập, không chỉ 50 lần mới nhất",
        "en": "list every import, not only the newest 50",
    },
    "HELP_IMPORT_UNDO": {
        "vi": "hoàn tác một lần nhập (người giám sát): đánh dấu nhập nhầm các mũi tiêm của lần nhập đó và trả lại thông tin như trước cho những người đã có hồ sơ mà nó đã sửa",
        "en": "undo an import (a supervisor): mark its doses entered in error, and restore the people already recorded that it corrected",
    },
    "HELP_IMPORT_UNDO_ID": {
        "vi": "số của lần nhập, như vaxdesk imports in ra",
        "en": "the import's number, as vaxdesk imports prints it",
    },
    "HELP_IMPORT_UNDO_APPLY": {
        "vi": "hoàn tác thật (không có: chỉ nói sẽ làm gì)",
        "en": "undo it (without: only say what it would do)",
    },
    "AUDIT_IMPORT_UNDONE": {
        "vi": "Hoàn tác lần nhập",
        "en": "Import undone",
    },
    # A person put back by an import's undo, in the record's history and the audit trail
    "AUDIT_UNDO_OF": {
        "vi": "(hoàn tác lần nhập tệp {file})",
        "en": "(undoing the import of {file})",
    },
    "AUDIT_IMPORT_UNDO_BEGAN": {
        "vi": "Bắt đầu hoàn tác lần nhập",
        "en": "Undo of an import begun",
    },
}
