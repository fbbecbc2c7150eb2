<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>AccountForm</name>
    <message>
        <source>Cancel</source>
        <translation>Hủy bỏ</translation>
    </message>
</context>
<context>
    <name>AccountsDialog</name>
    <message>
        <source>Accounts</source>
        <translation>Tài khoản</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Last login</source>
        <translation>Đăng nhập lần cuối</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Thêm…</translation>
    </message>
    <message>
        <source>Disable…</source>
        <translation>Khóa…</translation>
    </message>
    <message>
        <source>Change role…</source>
        <translation>Đổi vai trò…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>Đặt lại mật khẩu…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>Mở lại</translation>
    </message>
    <message>
        <source>Add an account</source>
        <translation>Thêm tài khoản</translation>
    </message>
    <message>
        <source>Disable the account</source>
        <translation>Khóa tài khoản</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Khóa</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy bỏ</translation>
    </message>
</context>
<context>
    <name>AddDoseDialog</name>
    <message>
        <source>Add the missing dose</source>
        <translation>Bổ sung mũi tiêm</translation>
    </message>
</context>
<context>
    <name>AuditTrailDialog</name>
    <message>
        <source>Audit trail</source>
        <translation>Nhật ký thao tác</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Mọi người</translation>
    </message>
    <message>
        <source>&amp;Who:</source>
        <translation>&amp;Người thực hiện:</translation>
    </message>
    <message>
        <source>&amp;Up to the day:</source>
        <translation>Đến n&amp;gày:</translation>
    </message>
    <message>
        <source>&amp;Check the trail</source>
        <translation>&amp;Kiểm tra nhật ký</translation>
    </message>
    <message>
        <source>&amp;Export to a file (.csv)…</source>
        <translation>&amp;Xuất ra tệp (.csv)…</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>STT</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Bản ghi</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <source>Show &amp;older entries</source>
        <translation>Xem các mục &amp;cũ hơn</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Checking the audit trail…</source>
        <translation>Đang kiểm tra nhật ký thao tác…</translation>
    </message>
    <message>
        <source>Export the audit trail</source>
        <translation>Xuất nhật ký thao tác</translation>
    </message>
    <message>
        <source>Exporting the audit trail…</source>
        <translation>Đang xuất nhật ký thao tác…</translation>
    </message>
</context>
<context>
    <name>BackfillScreen</name>
    <message>
        <source>From a spreadsheet</source>
        <translation>Từ bảng tính</translation>
    </message>
    <message>
        <source>From paper forms</source>
        <translation>Từ phiếu giấy</translation>
    </message>
    <message>
        <source>Imports made</source>
        <translation>Các lần nhập</translation>
    </message>
    <message>
        <source>Stop the running import?</source>
        <translation>Dừng lần nhập đang chạy?</translation>
    </message>
    <message>
        <source>A file is being imported. Stop it? The rows read so far are kept; import the same file again to take the rest.</source>
        <translation>Đang nhập một tệp. Dừng lần nhập này? Những dòng đã đọc được giữ lại; nhập lại chính tệp này để nhập phần còn lại.</translation>
    </message>
    <message>
        <source>Stop the import</source>
        <translation>Dừng lần nhập</translation>
    </message>
    <message>
        <source>Keep importing</source>
        <translation>Tiếp tục nhập tệp</translation>
    </message>
    <message>
        <source>Discard this paper form?</source>
        <translation>Bỏ phiếu giấy này?</translation>
    </message>
    <message>
        <source>The paper form in Backfill has not been saved. Discard it?</source>
        <translation>Phiếu giấy đang nhập ở mục Hồi cứu chưa được lưu. Bỏ phiếu này?</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Bỏ</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Tiếp tục nhập</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <source>Backups</source>
        <translation>Sao lưu</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Where copies go</source>
        <translation>Nơi lưu các bản sao</translation>
    </message>
    <message>
        <source>Choose a second place for the copies (a USB drive, another disk): if this laptop is lost or its disk fails, they are what is left. Copies are made every few hours while VaxDesk runs and when it closes; the newest ones are kept.</source>
        <translation>Hãy chọn nơi thứ hai để lưu các bản sao (ổ USB, ổ đĩa khác): nếu máy bị mất hoặc ổ đĩa hỏng, đó là những gì còn lại. Bản sao được làm vài giờ một lần khi VaxDesk đang chạy và khi đóng VaxDesk; các bản mới nhất được giữ lại.</translation>
    </message>
    <message>
        <source>Choose a folder…</source>
        <translation>Chọn thư mục…</translation>
    </message>
    <message>
        <source>Beside the database</source>
        <translation>Cạnh cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>This database's copies</source>
        <translation>Các bản sao của cơ sở dữ liệu này</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Sao lưu ngay</translation>
    </message>
    <message>
        <source>Restore this copy…</source>
        <translation>Khôi phục bản này…</translation>
    </message>
    <message>
        <source>Restore from a file…</source>
        <translation>Khôi phục từ một tệp…</translation>
    </message>
    <message>
        <source>Beside the database: a lost laptop or a failed disk takes the copies too.</source>
        <translation>Đang lưu cạnh cơ sở dữ liệu: nếu máy bị mất hoặc ổ đĩa hỏng thì mất luôn cả các bản sao.</translation>
    </message>
    <message>
        <source>This folder is not there now (a drive not plugged in?): copies are made beside the database until it is.</source>
        <translation>Hiện không thấy thư mục này (ổ USB chưa cắm?): bản sao được lưu cạnh cơ sở dữ liệu cho tới khi có lại.</translation>
    </message>
    <message>
        <source>Choose the backup to restore</source>
        <translation>Chọn bản sao lưu cần khôi phục</translation>
    </message>
    <message>
        <source>VaxDesk backups (*.bak-* *.before-restore-*);;All files (*)</source>
        <translation>Bản sao lưu VaxDesk (*.bak-* *.before-restore-*);;Mọi tệp (*)</translation>
    </message>
</context>
<context>
    <name>CallBackDialog</name>
    <message>
        <source>Export to Excel (.xlsx)…</source>
        <translation>Xuất ra Excel (.xlsx)…</translation>
    </message>
    <message>
        <source>{n} people to call</source>
        <translation>{n} người cần gọi</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Xuất</translation>
    </message>
    <message>
        <source>{n} people exported to {path}</source>
        <translation>Đã xuất {n} người vào {path}</translation>
    </message>
</context>
<context>
    <name>CardCheckPanel</name>
    <message>
        <source>Correct the record from the card (F4)</source>
        <translation>Sửa hồ sơ theo thẻ (F4)</translation>
    </message>
    <message>
        <source>Put on the data-cleaning list (F4)</source>
        <translation>Đưa vào danh sách làm sạch (F4)</translation>
    </message>
    <message>
        <source>Correct from the ID card</source>
        <translation>Sửa theo thẻ CCCD</translation>
    </message>
    <message>
        <source>Correct the record</source>
        <translation>Sửa hồ sơ</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy bỏ</translation>
    </message>
</context>
<context>
    <name>CaseCorrectionDialog</name>
    <message>
        <source>The police's answer:</source>
        <translation>Công an trả lời:</translation>
    </message>
    <message>
        <source>To fix on this record:</source>
        <translation>Cần sửa trong hồ sơ này:</translation>
    </message>
</context>
<context>
    <name>CaseMergeDialog</name>
    <message>
        <source>Merge the records</source>
        <translation>Gộp hồ sơ</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Gộp</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy bỏ</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>Số giấy tờ</translation>
    </message>
    <message>
        <source>Commune / ward</source>
        <translation>Xã / phường</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Vấn đề</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Sent on</source>
        <translation>Ngày gửi</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Nam</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Nữ</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>Quá hạn</translation>
    </message>
</context>
<context>
    <name>CertificateDialog</name>
    <message>
        <source>Vaccination certificate</source>
        <translation>Chứng nhận tiêm chủng</translation>
    </message>
    <message>
        <source>A5 landscape</source>
        <translation>A5 ngang</translation>
    </message>
    <message>
        <source>A4 portrait</source>
        <translation>A4 dọc</translation>
    </message>
    <message>
        <source>Preparing the certificate…</source>
        <translation>Đang chuẩn bị chứng nhận…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>In…</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>Lưu PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Khổ giấy</translation>
    </message>
    <message>
        <source>Asking the central platform again about the doses of other sites…</source>
        <translation>Đang hỏi lại hệ thống trung tâm về các mũi tiêm ở điểm tiêm khác…</translation>
    </message>
    <message>
        <source>No certificate</source>
        <translation>Không cấp được chứng nhận</translation>
    </message>
    <message>
        <source>As supervisor, give the reason to issue it anyway:</source>
        <translation>Người giám sát ghi lý do vẫn cấp chứng nhận:</translation>
    </message>
    <message>
        <source>Save certificate</source>
        <translation>Lưu chứng nhận</translation>
    </message>
    <message>
        <source>Preparing the pages for the printer…</source>
        <translation>Đang chuẩn bị các trang để in…</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>Đã gửi tới máy in.</translation>
    </message>
    <message>
        <source>Printing failed</source>
        <translation>In không thành công</translation>
    </message>
    <message>
        <source>The printer could not start.</source>
        <translation>Không khởi động được máy in.</translation>
    </message>
</context>
<context>
    <name>CertificatesScreen</name>
    <message>
        <source>Create signing key…</source>
        <translation>Tạo khóa ký…</translation>
    </message>
    <message>
        <source>Unlock for this session…</source>
        <translation>Mở khóa cho phiên làm việc…</translation>
    </message>
    <message>
        <source>Check a certificate…</source>
        <translation>Kiểm tra chứng nhận…</translation>
    </message>
    <message>
        <source>Enter or double-click: the person's certificate.</source>
        <translation>Enter hoặc nhấp đúp: chứng nhận của người được chọn.</translation>
    </message>
    <message>
        <source>Whole day</source>
        <translation>Cả ngày</translation>
    </message>
    <message>
        <source>Morning session</source>
        <translation>Buổi sáng</translation>
    </message>
    <message>
        <source>Afternoon session</source>
        <translation>Buổi chiều</translation>
    </message>
    <message>
        <source>A5 landscape</source>
        <translation>A5 ngang</translation>
    </message>
    <message>
        <source>A4 portrait</source>
        <translation>A4 dọc</translation>
    </message>
    <message>
        <source>Make the day's PDF…</source>
        <translation>Tạo tệp PDF của ngày…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Site signing key</source>
        <translation>Khóa ký của điểm tiêm</translation>
    </message>
    <message>
        <source>Certificate for one person</source>
        <translation>Chứng nhận cho một người</translation>
    </message>
    <message>
        <source>All certificates of a day (one PDF)</source>
        <translation>Tất cả chứng nhận trong ngày (một tệp PDF)</translation>
    </message>
    <message>
        <source>Vaccination date</source>
        <translation>Ngày tiêm</translation>
    </message>
    <message>
        <source>This site has no signing key yet. Create one (a manager's task).</source>
        <translation>Điểm tiêm chưa có khóa ký chứng nhận. Hãy tạo khóa (việc của người quản lý).</translation>
    </message>
    <message>
        <source>The central platform revoked this site's key. Create a new key, then sync.</source>
        <translation>Hệ thống trung tâm đã thu hồi khóa ký của điểm tiêm. Hãy tạo khóa mới rồi đồng bộ.</translation>
    </message>
    <message>
        <source>Key created; the central platform certifies it at the next sync.</source>
        <translation>Đã tạo khóa; hệ thống trung tâm sẽ chứng thực khóa ở lần đồng bộ tới.</translation>
    </message>
    <message>
        <source>Unlocked for this session.</source>
        <translation>Đã mở khóa cho phiên làm việc này.</translation>
    </message>
    <message>
        <source>Locked.</source>
        <translation>Đang khóa.</translation>
    </message>
    <message>
        <source>Replace signing key…</source>
        <translation>Thay khóa ký…</translation>
    </message>
    <message>
        <source>Replace the signing key</source>
        <translation>Thay khóa ký</translation>
    </message>
    <message>
        <source>A new key replaces this site's key for good; certificates already printed stay valid unless the key was revoked. No certificate can be printed until central staff approve the new key (the site calls them with its fingerprint after the next sync). Replace it?</source>
        <translation>Khóa mới sẽ thay hẳn khóa hiện tại của điểm tiêm; các chứng nhận đã in vẫn hợp lệ, trừ khi khóa cũ đã bị thu hồi. Điểm tiêm chưa in được chứng nhận nào cho đến khi cán bộ hệ thống trung tâm duyệt khóa mới (sau lần đồng bộ tới, gọi cho họ và đọc mã nhận dạng khóa). Thay khóa?</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Thay khóa</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy bỏ</translation>
    </message>
    <message>
        <source>Cannot sign</source>
        <translation>Không ký được</translation>
    </message>
    <message>
        <source>Certificates of a day</source>
        <translation>Chứng nhận theo ngày</translation>
    </message>
    <message>
        <source>Enter the vaccination date as day/month/year.</source>
        <translation>Hãy nhập ngày tiêm theo dạng ngày/tháng/năm.</translation>
    </message>
    <message>
        <source>Save the day's certificates</source>
        <translation>Lưu chứng nhận của ngày</translation>
    </message>
    <message>
        <source>Stopped: no file was written.</source>
        <translation>Đã dừng: không ghi tệp nào.</translation>
    </message>
</context>
<context>
    <name>CleaningScreen</name>
    <message>
        <source>&amp;Correct person… (Enter)</source>
        <translation>&amp;Sửa thông tin người… (Enter)</translation>
    </message>
    <message>
        <source>Change stat&amp;us</source>
        <translation>C&amp;huyển trạng thái</translation>
    </message>
    <message>
        <source>C&amp;heck again</source>
        <translation>&amp;Kiểm tra lại</translation>
    </message>
    <message>
        <source>&amp;Merge with another record…</source>
        <translation>&amp;Gộp với hồ sơ khác…</translation>
    </message>
    <message>
        <source>Split the records again</source>
        <translation>Tách lại hai hồ sơ</translation>
    </message>
    <message>
        <source>Only a supervisor may move or correct cases.</source>
        <translation>Chỉ người giám sát mới được chuyển trạng thái hoặc sửa thông tin.</translation>
    </message>
    <message>
        <source>Checking the worklist again…</source>
        <translation>Đang kiểm tra lại danh sách…</translation>
    </message>
</context>
<context>
    <name>ComparePane</name>
    <message>
        <source>Compare the two versions</source>
        <translation>So sánh hai bản</translation>
    </message>
    <message>
        <source>rows in bold on yellow differ.</source>
        <translation>các dòng in đậm trên nền vàng là chỗ hai bản khác nhau.</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Thông tin</translation>
    </message>
    <message>
        <source>On this laptop</source>
        <translation>Trên máy này</translation>
    </message>
    <message>
        <source>On the central platform</source>
        <translation>Trên hệ thống trung tâm</translation>
    </message>
    <message>
        <source>Keep this laptop's version</source>
        <translation>Giữ bản trên máy này</translation>
    </message>
    <message>
        <source>Take the central version</source>
        <translation>Lấy bản của hệ thống trung tâm</translation>
    </message>
</context>
<context>
    <name>ComplaintCorrectionDialog</name>
    <message>
        <source>No dose to correct</source>
        <translation>Không sửa mũi tiêm nào</translation>
    </message>
    <message>
        <source>A dose whose details are wrong</source>
        <translation>Mũi tiêm ghi sai thông tin</translation>
    </message>
    <message>
        <source>Correct the details</source>
        <translation>Sửa thông tin</translation>
    </message>
</context>
<context>
    <name>ComplaintPaperForm</name>
    <message>
        <source>Add the missing dose</source>
        <translation>Bổ sung mũi tiêm</translation>
    </message>
</context>
<context>
    <name>ComplaintTableModel</name>
    <message>
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Nhận lúc</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Thời hạn</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Province replied</source>
        <translation>Tỉnh đã trả lời</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Người được tiêm</translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation>Hạn xử lý %1</translation>
    </message>
    <message>
        <source>No record here yet</source>
        <translation>Chưa có hồ sơ ở điểm tiêm</translation>
    </message>
    <message>
        <source>Raised to the province</source>
        <translation>Quá hạn, đã báo tỉnh</translation>
    </message>
</context>
<context>
    <name>ComplaintsScreen</name>
    <message>
        <source>No complaint has been routed to this site.</source>
        <translation>Chưa có phản ánh nào được chuyển đến điểm tiêm này.</translation>
    </message>
    <message>
        <source>Choose the record</source>
        <translation>Chọn hồ sơ</translation>
    </message>
    <message>
        <source>Add the missing dose</source>
        <translation>Bổ sung mũi tiêm</translation>
    </message>
    <message>
        <source>Correct the details</source>
        <translation>Sửa thông tin</translation>
    </message>
    <message>
        <source>Merge records</source>
        <translation>Gộp hồ sơ</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Từ chối</translation>
    </message>
    <message>
        <source>Not this site's</source>
        <translation>Không thuộc điểm này</translation>
    </message>
    <message>
        <source>Hand the complaint back to the health department, which sends it to the right place</source>
        <translation>Trả phản ánh về Sở Y tế để chuyển đến đúng nơi</translation>
    </message>
    <message>
        <source>Split the records again</source>
        <translation>Tách lại hai hồ sơ</translation>
    </message>
    <message>
        <source>Take a complaint by phone</source>
        <translation>Nhận phản ánh qua điện thoại</translation>
    </message>
    <message>
        <source>Only a supervisor resolves complaints.</source>
        <translation>Chỉ người giám sát mới xử lý phản ánh.</translation>
    </message>
    <message>
        <source>Only a clerk or a supervisor takes complaints by phone.</source>
        <translation>Chỉ nhân viên ghi nhận hoặc người giám sát mới nhận phản ánh qua điện thoại.</translation>
    </message>
    <message>
        <source>Reject the complaint</source>
        <translation>Từ chối phản ánh</translation>
    </message>
    <message>
        <source>Why is nothing to be changed? The citizen reads this reason with their code.</source>
        <translation>Vì sao không cần thay đổi gì? Người dân sẽ đọc lý do này khi tra cứu mã phản ánh.</translation>
    </message>
    <message>
        <source>Hand the complaint back</source>
        <translation>Trả phản ánh về Sở Y tế</translation>
    </message>
    <message>
        <source>Why is this complaint not this site's? The health department reads the reason and sends the complaint to the right place. Its 48 hours run on from when it was received.</source>
        <translation>Vì sao phản ánh này không thuộc điểm tiêm này? Sở Y tế đọc lý do để chuyển phản ánh đến đúng nơi. Thời hạn 48 giờ vẫn tính từ lúc nhận phản ánh.</translation>
    </message>
    <message>
        <source>Hand back</source>
        <translation>Trả về</translation>
    </message>
    <message>
        <source>For example: the citizen was vaccinated in another commune</source>
        <translation>Ví dụ: người dân tiêm ở xã khác</translation>
    </message>
    <message>
        <source>A reason is required: the health department reads it.</source>
        <translation>Cần ghi lý do: Sở Y tế sẽ đọc lý do này.</translation>
    </message>
</context>
<context>
    <name>CopyList</name>
    <message>
        <source>Made</source>
        <translation>Làm lúc</translation>
    </message>
    <message>
        <source>Whose</source>
        <translation>Của ai</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Điểm tiêm</translation>
    </message>
    <message>
        <source>Laptop</source>
        <translation>Máy</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Dung lượng</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Thư mục</translation>
    </message>
    <message>
        <source>This database</source>
        <translation>Cơ sở dữ liệu này</translation>
    </message>
    <message>
        <source>ANOTHER database</source>
        <translation>Cơ sở dữ liệu KHÁC</translation>
    </message>
    <message>
        <source>Cannot tell</source>
        <translation>Không rõ</translation>
    </message>
</context>
<context>
    <name>CorrectDoseDialog</name>
    <message>
        <source>Correct the dose</source>
        <translation>Sửa mũi tiêm</translation>
    </message>
</context>
<context>
    <name>CorrectPersonDialog</name>
    <message>
        <source>Correct the person</source>
        <translation>Sửa thông tin người được tiêm</translation>
    </message>
</context>
<context>
    <name>CountsBar</name>
    <message>
        <source>Every problem</source>
        <translation>Mọi vấn đề</translation>
    </message>
    <message>
        <source>Every commune</source>
        <translation>Mọi xã/phường</translation>
    </message>
    <message>
        <source>&amp;Problem:</source>
        <translation>&amp;Vấn đề:</translation>
    </message>
    <message>
        <source>C&amp;ommune:</source>
        <translation>Xã/&amp;phường:</translation>
    </message>
    <message>
        <source>Open cases</source>
        <translation>Đang xử lý</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>Quá hạn</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Tất cả</translation>
    </message>
    <message>
        <source>All lists</source>
        <translation>Tất cả danh sách</translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <source>Back to the real data</source>
        <translation>Về dữ liệu thật</translation>
    </message>
</context>
<context>
    <name>DeskFollowing</name>
    <message>
        <source>A new day has begun: today's vaccine, lot and vaccinator were read again. Check the dose (and set today's lot above if asked), then save again.</source>
        <translation>Đã sang ngày mới: vắc xin, số lô và người tiêm của hôm nay đã được đọc lại. Hãy kiểm tra mũi tiêm (và đặt số lô của hôm nay ở trên nếu được yêu cầu), rồi lưu lại.</translation>
    </message>
    <message>
        <source>{name}'s record is no longer on this laptop: nothing was saved for them. Search for the person again.</source>
        <translation>Hồ sơ của {name} không còn trên máy này: chưa lưu gì cho người này. Hãy tìm lại người này.</translation>
    </message>
    <message>
        <source>The record open here was merged into the record of {name}: the desk now shows that record, with all its doses. Nothing was saved yet: check the dose, then save.</source>
        <translation>Hồ sơ đang mở đã được gộp vào hồ sơ của {name}: màn hình nay hiển thị hồ sơ đó, với đầy đủ các mũi đã tiêm. Chưa lưu gì: hãy kiểm tra mũi tiêm rồi lưu.</translation>
    </message>
</context>
<context>
    <name>DeskSaving</name>
    <message>
        <source>F2 was not carried out: wait until it is saved.</source>
        <translation>Lần nhấn F2 này chưa được thực hiện: hãy chờ lưu xong.</translation>
    </message>
    <message>
        <source>This Ctrl+S was not carried out: wait until it is saved.</source>
        <translation>Lần nhấn Ctrl+S này chưa được thực hiện: hãy chờ lưu xong.</translation>
    </message>
    <message>
        <source>Saving dose {dose_number} for {name}…</source>
        <translation>Đang lưu mũi {dose_number} cho {name}…</translation>
    </message>
    <message>
        <source>The Ctrl+S pressed while saving was not carried out: the person opened next is not saved yet.</source>
        <translation>Lần nhấn Ctrl+S trong lúc đang lưu chưa được thực hiện: người được mở tiếp theo chưa được lưu.</translation>
    </message>
    <message>
        <source>Not saved: correct the fields marked in red.</source>
        <translation>Chưa lưu: hãy sửa các ô được đánh dấu đỏ.</translation>
    </message>
    <message>
        <source>Outside the eligible ages</source>
        <translation>Ngoài độ tuổi được tiêm</translation>
    </message>
    <message>
        <source>As supervisor, give the reason to inject anyway:</source>
        <translation>Người giám sát ghi lý do vẫn tiêm:</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Citizen</source>
        <translation>Người dân</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Số điện thoại</translation>
    </message>
    <message>
        <source>Record here</source>
        <translation>Hồ sơ tại điểm tiêm</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>Mũi tiêm</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Nơi tiêm</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Hạn xử lý</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Cách xử lý</translation>
    </message>
    <message>
        <source>Province's reply</source>
        <translation>Trả lời của tỉnh</translation>
    </message>
    <message>
        <source>In the citizen's words</source>
        <translation>Nội dung người dân phản ánh</translation>
    </message>
    <message>
        <source>No record here yet</source>
        <translation>Chưa có hồ sơ ở điểm tiêm</translation>
    </message>
    <message>
        <source>dose %1</source>
        <translation>mũi %1</translation>
    </message>
    <message>
        <source>Still this site's to resolve: the province adds no dose and corrects no record.</source>
        <translation>Phản ánh vẫn do điểm tiêm xử lý: tỉnh không bổ sung mũi tiêm, không sửa hồ sơ.</translation>
    </message>
</context>
<context>
    <name>DoseForm</name>
    <message>
        <source>Vaccine</source>
        <translation>Vắc xin</translation>
    </message>
    <message>
        <source>Lot number</source>
        <translation>Số lô</translation>
    </message>
    <message>
        <source>Dose number</source>
        <translation>Mũi thứ</translation>
    </message>
    <message>
        <source>Dose date</source>
        <translation>Ngày tiêm</translation>
    </message>
    <message>
        <source>Vaccinator</source>
        <translation>Người tiêm</translation>
    </message>
</context>
<context>
    <name>DoseTableModel</name>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>Số giấy tờ</translation>
    </message>
    <message>
        <source>Vaccine</source>
        <translation>Vắc xin</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>Số lô</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Nguồn</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Đồng bộ</translation>
    </message>
    <message>
        <source>Dose number</source>
        <translation>Mũi thứ</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Hiệu lực</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Nhập nhầm</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Chờ đồng bộ</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Đang gửi</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Đã đồng bộ</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Bị từ chối</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Xung đột</translation>
    </message>
    <message>
        <source>This person is on the data-cleaning list.</source>
        <translation>Người này đang trong danh sách cần làm sạch dữ liệu.</translation>
    </message>
</context>
<context>
    <name>ElsewhereNote</name>
    <message>
        <source>Asking the central platform again about the doses of other sites…</source>
        <translation>Đang hỏi lại hệ thống trung tâm về các mũi tiêm ở điểm tiêm khác…</translation>
    </message>
</context>
<context>
    <name>HitsModel</name>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>Số giấy tờ</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Số điện thoại</translation>
    </message>
    <message>
        <source>Last dose</source>
        <translation>Mũi gần nhất</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Nam</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Nữ</translation>
    </message>
</context>
<context>
    <name>HotlineDialog</name>
    <message>
        <source>Take a complaint by phone</source>
        <translation>Nhận phản ánh qua điện thoại</translation>
    </message>
    <message>
        <source>not said</source>
        <translation>không nói rõ</translation>
    </message>
    <message>
        <source>where, in the citizen's words</source>
        <translation>nơi tiêm, theo lời người dân</translation>
    </message>
    <message>
        <source>Type to search, e.g. lang</source>
        <translation>Gõ để tìm, vd. lang</translation>
    </message>
    <message>
        <source>What the citizen says</source>
        <translation>Nội dung người dân phản ánh</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>Số giấy tờ</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Số điện thoại</translation>
    </message>
    <message>
        <source>Dose number</source>
        <translation>Mũi thứ</translation>
    </message>
    <message>
        <source>Dose date</source>
        <translation>Ngày tiêm</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Nơi tiêm</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Xã/phường</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>Phản ánh</translation>
    </message>
    <message>
        <source>Take the complaint</source>
        <translation>Ghi nhận phản ánh</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy bỏ</translation>
    </message>
</context>
<context>
    <name>ImportPanel</name>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>Số giấy tờ</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Số điện thoại</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <source>Vaccine</source>
        <translation>Vắc xin</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>Số lô</translation>
    </message>
    <message>
        <source>Dose number</source>
        <translation>Mũi thứ</translation>
    </message>
    <message>
        <source>Dose date</source>
        <translation>Ngày tiêm</translation>
    </message>
    <message>
        <source>Vaccination site</source>
        <translation>Điểm tiêm</translation>
    </message>
    <message>
        <source>No file chosen.</source>
        <translation>Chưa chọn tệp.</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>Chọn tệp…</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>Trang tính:</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Dòng</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Nhập từ tệp</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Save the detailed report…</source>
        <translation>Lưu báo cáo chi tiết…</translation>
    </message>
    <message>
        <source>Save rows to fix (.xlsx)…</source>
        <translation>Lưu các dòng cần sửa (.xlsx)…</translation>
    </message>
    <message>
        <source>Choose a spreadsheet of historical doses</source>
        <translation>Chọn bảng tính số liệu tiêm hồi cứu</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.txt)</source>
        <translation>Bảng tính (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.txt)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(không có)</translation>
    </message>
    <message>
        <source>no header row found: map the columns</source>
        <translation>không tìm thấy dòng tiêu đề: hãy chọn cột cho từng trường</translation>
    </message>
    <message>
        <source>An import is being undone (Imports made): import once it has finished.</source>
        <translation>Đang hoàn tác một lần nhập (thẻ Các lần nhập): hãy nhập khi hoàn tác xong.</translation>
    </message>
    <message>
        <source>will be imported</source>
        <translation>sẽ được nhập</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>cần làm sạch</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>bị từ chối</translation>
    </message>
    <message>
        <source>duplicate, will be skipped</source>
        <translation>trùng, sẽ bỏ qua</translation>
    </message>
    <message>
        <source>differs from the record</source>
        <translation>khác hồ sơ có sẵn</translation>
    </message>
    <message>
        <source>will be skipped</source>
        <translation>sẽ bỏ qua</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>đã nhập</translation>
    </message>
    <message>
        <source>duplicate, skipped</source>
        <translation>trùng, bỏ qua</translation>
    </message>
    <message>
        <source>corrected a record</source>
        <translation>đã sửa hồ sơ có sẵn</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>bỏ qua</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Đang nhập…</translation>
    </message>
    <message>
        <source>Stopped. What was stored before stopping is kept: </source>
        <translation>Đã dừng. Những gì đã lưu trước khi dừng được giữ lại: </translation>
    </message>
    <message>
        <source> Import the same file again to take the rest.</source>
        <translation> Nhập lại chính tệp này để nhập phần còn lại.</translation>
    </message>
    <message>
        <source>Correct people already recorded?</source>
        <translation>Sửa hồ sơ của người đã ghi nhận?</translation>
    </message>
    <message>
        <source>Correct them</source>
        <translation>Sửa theo tệp</translation>
    </message>
    <message>
        <source>Leave them as they are</source>
        <translation>Giữ nguyên hồ sơ</translation>
    </message>
    <message>
        <source>Save the import report</source>
        <translation>Lưu báo cáo nhập</translation>
    </message>
    <message>
        <source>Save the rows to fix</source>
        <translation>Lưu các dòng cần sửa</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Đang lưu…</translation>
    </message>
</context>
<context>
    <name>ImportsPanel</name>
    <message>
        <source>When</source>
        <translation>Thời điểm</translation>
    </message>
    <message>
        <source>File (sheet)</source>
        <translation>Tệp (trang tính)</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Người nhập</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>Đã lưu</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Show older imports</source>
        <translation>Hiện các lần nhập cũ hơn</translation>
    </message>
    <message>
        <source>Undo this import…</source>
        <translation>Hoàn tác lần nhập này…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Only a supervisor undoes an import.</source>
        <translation>Chỉ người giám sát được hoàn tác một lần nhập.</translation>
    </message>
    <message>
        <source>Wait for the import to finish, then undo it.</source>
        <translation>Hãy chờ lần nhập xong rồi mới hoàn tác.</translation>
    </message>
    <message>
        <source>Undo this import?</source>
        <translation>Hoàn tác lần nhập này?</translation>
    </message>
    <message>
        <source>Undo the import</source>
        <translation>Hoàn tác lần nhập</translation>
    </message>
    <message>
        <source>Keep the import</source>
        <translation>Giữ lần nhập</translation>
    </message>
</context>
<context>
    <name>LinkDialog</name>
    <message>
        <source>Choose the record this complaint is about</source>
        <translation>Chọn hồ sơ mà phản ánh này nói đến</translation>
    </message>
    <message>
        <source>The citizen gave: %1</source>
        <translation>Người dân cung cấp: %1</translation>
    </message>
    <message>
        <source>no record yet</source>
        <translation>chưa có hồ sơ nào</translation>
    </message>
    <message>
        <source>Linked now: %1</source>
        <translation>Đang gắn với: %1</translation>
    </message>
    <message>
        <source>Name, ID number, old CMND or phone</source>
        <translation>Họ tên, số giấy tờ, số CMND cũ hoặc số điện thoại</translation>
    </message>
    <message>
        <source>Only people born on this day; empty: any day</source>
        <translation>Chỉ những người sinh vào ngày này; để trống: mọi ngày sinh</translation>
    </message>
    <message>
        <source>Link to this record</source>
        <translation>Gắn với hồ sơ này</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <source>No record found: try the ID number, the phone, fewer words, or clear the birth date.</source>
        <translation>Không tìm thấy hồ sơ: hãy thử số giấy tờ, số điện thoại, bớt từ, hoặc xóa ngày sinh.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>VaxDesk: log in</source>
        <translation>VaxDesk: đăng nhập</translation>
    </message>
    <message>
        <source>VaxDesk: the first supervisor</source>
        <translation>VaxDesk: người giám sát đầu tiên</translation>
    </message>
    <message>
        <source>No one has an account on this laptop yet. Create the site supervisor's account: the supervisor then adds the clerks and volunteers.</source>
        <translation>Máy này chưa có tài khoản nào. Hãy tạo tài khoản người giám sát của điểm tiêm: sau đó người giám sát thêm tài khoản cho nhân viên và tình nguyện viên.</translation>
    </message>
    <message>
        <source>Locked after a while without use. Log in to go on.</source>
        <translation>Đã khóa vì không dùng một lúc. Đăng nhập để tiếp tục.</translation>
    </message>
    <message>
        <source>The screen is locked. Log in to go on.</source>
        <translation>Màn hình đã khóa. Đăng nhập để tiếp tục.</translation>
    </message>
    <message>
        <source>Signed out. The next person logs in with their own account.</source>
        <translation>Đã đăng xuất. Người tiếp theo đăng nhập bằng tài khoản của mình.</translation>
    </message>
    <message>
        <source>Log in with your VaxDesk account.</source>
        <translation>Đăng nhập bằng tài khoản VaxDesk của bạn.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu đăng nhập</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>Nhập lại</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Mật khẩu mới</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>Đang đăng nhập…</translation>
    </message>
    <message>
        <source>Create and log in</source>
        <translation>Tạo và đăng nhập</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
    <message>
        <source>Change the password and log in</source>
        <translation>Đổi mật khẩu và đăng nhập</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Record doses</source>
        <translation>Ghi nhận mũi tiêm</translation>
    </message>
    <message>
        <source>Backfill</source>
        <translation>Hồi cứu</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Danh sách bản ghi</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Đồng bộ</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>Chứng nhận</translation>
    </message>
    <message>
        <source>Data cleaning</source>
        <translation>Làm sạch dữ liệu</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>Phản ánh</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Báo cáo</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>&amp;Tài khoản</translation>
    </message>
    <message>
        <source>Lock screen</source>
        <translation>Khóa màn hình</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Cài đặt</translation>
    </message>
    <message>
        <source>Site and today's defaults…</source>
        <translation>Điểm tiêm và mặc định trong ngày…</translation>
    </message>
    <message>
        <source>Change the data passphrase…</source>
        <translation>Đổi mật khẩu dữ liệu…</translation>
    </message>
    <message>
        <source>Accounts…</source>
        <translation>Tài khoản…</translation>
    </message>
    <message>
        <source>Change my password…</source>
        <translation>Đổi mật khẩu của tôi…</translation>
    </message>
    <message>
        <source>Backups…</source>
        <translation>Sao lưu…</translation>
    </message>
    <message>
        <source>Audit trail…</source>
        <translation>Nhật ký thao tác…</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Ngôn ngữ</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge the records</source>
        <translation>Gộp hồ sơ</translation>
    </message>
    <message>
        <source>The citizen reads this note with their code.</source>
        <translation>Người dân sẽ đọc ghi chú này khi tra cứu mã phản ánh.</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Gộp</translation>
    </message>
</context>
<context>
    <name>MergeRecordsDialog</name>
    <message>
        <source>Merge two records of one person</source>
        <translation>Gộp hai hồ sơ của cùng một người</translation>
    </message>
    <message>
        <source>Find the other record: name, ID or phone</source>
        <translation>Tìm hồ sơ kia: họ tên, số giấy tờ hoặc số điện thoại</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>Hồ sơ giữ lại</translation>
    </message>
    <message>
        <source>Folded into it</source>
        <translation>Hồ sơ bị gộp vào hồ sơ giữ lại</translation>
    </message>
    <message>
        <source>Merge the records</source>
        <translation>Gộp hồ sơ</translation>
    </message>
    <message>
        <source>Two different people?</source>
        <translation>Hai người khác nhau?</translation>
    </message>
    <message>
        <source>Merge these records only if you are sure they are the same person: undoing a merge later revokes the certificates printed in between.</source>
        <translation>Chỉ gộp khi chắc chắn đây là cùng một người: nếu sau này tách lại, các chứng nhận in trong thời gian đó sẽ bị thu hồi.</translation>
    </message>
    <message>
        <source>Merge anyway</source>
        <translation>Vẫn gộp</translation>
    </message>
    <message>
        <source>Do not merge</source>
        <translation>Không gộp</translation>
    </message>
    <message>
        <source>An ID number mistyped?</source>
        <translation>Số giấy tờ bị gõ nhầm?</translation>
    </message>
    <message>
        <source>The folded number is wrong: merge</source>
        <translation>Số của hồ sơ bị gộp sai: gộp</translation>
    </message>
    <message>
        <source>The kept number is wrong: keep the other record</source>
        <translation>Số của hồ sơ giữ lại sai: giữ hồ sơ kia</translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <source>Change status</source>
        <translation>Chuyển trạng thái</translation>
    </message>
    <message>
        <source>Reason (required), e.g. moved away, could not be reached</source>
        <translation>Lý do (bắt buộc), ví dụ: đã chuyển đi, không liên lạc được</translation>
    </message>
    <message>
        <source>Note (optional), e.g. who was called</source>
        <translation>Ghi chú (không bắt buộc), vd. đã gọi cho ai</translation>
    </message>
    <message>
        <source>&amp;Move</source>
        <translation>&amp;Chuyển</translation>
    </message>
</context>
<context>
    <name>NewAccountForm</name>
    <message>
        <source>Add an account</source>
        <translation>Thêm tài khoản</translation>
    </message>
    <message>
        <source>The person logs in with this user name and password; tell them the password.</source>
        <translation>Người này đăng nhập bằng tên đăng nhập và mật khẩu này; hãy báo mật khẩu cho họ.</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Thêm</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu đăng nhập</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>Nhập lại</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>What the citizen reads with their code</source>
        <translation>Điều người dân đọc được khi tra cứu mã</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Xác nhận</translation>
    </message>
    <message>
        <source>The citizen reads this note with their code. Change it if needed.</source>
        <translation>Người dân sẽ đọc ghi chú này khi tra cứu mã phản ánh. Sửa lại nếu cần.</translation>
    </message>
    <message>
        <source>A reason is required: the citizen reads it.</source>
        <translation>Cần ghi lý do: người dân sẽ đọc lý do này.</translation>
    </message>
    <message>
        <source>At most %1 characters.</source>
        <translation>Tối đa %1 ký tự.</translation>
    </message>
</context>
<context>
    <name>ObservationPanel</name>
    <message>
        <source>Observation after the dose (30 minutes)</source>
        <translation>Theo dõi sau tiêm (30 phút)</translation>
    </message>
    <message>
        <source>People under observation</source>
        <translation>Những người đang được theo dõi sau tiêm</translation>
    </message>
    <message>
        <source>Nobody is under observation after a dose.</source>
        <translation>Không có ai đang theo dõi sau tiêm.</translation>
    </message>
    <message>
        <source>Done: may leave</source>
        <translation>Xong: được ra về</translation>
    </message>
    <message>
        <source>Reaction…</source>
        <translation>Phản ứng sau tiêm…</translation>
    </message>
    <message>
        <source>dose {n} {product}</source>
        <translation>mũi {n} {product}</translation>
    </message>
    <message>
        <source>{m}:{s:02d} left</source>
        <translation>còn {m}:{s:02d}</translation>
    </message>
    <message>
        <source>30 minutes done</source>
        <translation>đã đủ 30 phút</translation>
    </message>
    <message>
        <source>End observation early?</source>
        <translation>Kết thúc theo dõi sớm?</translation>
    </message>
    <message>
        <source>{name} has {m} more minutes to be watched. Let them leave now?</source>
        <translation>{name} còn {m} phút theo dõi. Cho về ngay bây giờ?</translation>
    </message>
    <message>
        <source>Let them leave</source>
        <translation>Cho về</translation>
    </message>
    <message>
        <source>Keep watching</source>
        <translation>Tiếp tục theo dõi</translation>
    </message>
</context>
<context>
    <name>Op</name>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
</context>
<context>
    <name>OwnPasswordForm</name>
    <message>
        <source>Change my password</source>
        <translation>Đổi mật khẩu của tôi</translation>
    </message>
    <message>
        <source>Your VaxDesk login's password: the current one, then the new one twice.</source>
        <translation>Mật khẩu đăng nhập VaxDesk của bạn: nhập mật khẩu hiện tại, rồi mật khẩu mới hai lần.</translation>
    </message>
    <message>
        <source>Change the password</source>
        <translation>Đổi mật khẩu</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Mật khẩu hiện tại</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Mật khẩu mới</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>Nhập lại</translation>
    </message>
    <message>
        <source>Your password was changed: log in with the new one from now on.</source>
        <translation>Đã đổi mật khẩu: từ nay hãy đăng nhập bằng mật khẩu mới.</translation>
    </message>
</context>
<context>
    <name>PaperForm</name>
    <message>
        <source>empty: numbered by its date</source>
        <translation>để trống: số mũi theo ngày tiêm</translation>
    </message>
    <message>
        <source>where the dose was given, as on the paper</source>
        <translation>nơi tiêm, ghi như trên phiếu</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>Lưu (Ctrl+S)</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>Số giấy tờ</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Số điện thoại</translation>
    </message>
    <message>
        <source>Vaccine</source>
        <translation>Vắc xin</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>Số lô</translation>
    </message>
    <message>
        <source>Dose number</source>
        <translation>Mũi thứ</translation>
    </message>
    <message>
        <source>Dose date (required)</source>
        <translation>Ngày tiêm (bắt buộc)</translation>
    </message>
    <message>
        <source>Vaccination site</source>
        <translation>Điểm tiêm</translation>
    </message>
    <message>
        <source>This Ctrl+S was not carried out: wait until it is saved.</source>
        <translation>Lần nhấn Ctrl+S này chưa được thực hiện: hãy chờ lưu xong.</translation>
    </message>
    <message>
        <source>Not saved: correct the fields marked in red.</source>
        <translation>Chưa lưu: hãy sửa các ô được đánh dấu đỏ.</translation>
    </message>
    <message>
        <source>Not saved again: </source>
        <translation>Không lưu lại: </translation>
    </message>
    <message>
        <source>Put on the data-cleaning list: </source>
        <translation>Đã đưa vào danh sách làm sạch: </translation>
    </message>
    <message>
        <source>Not saved: check the fields marked, then save again.</source>
        <translation>Chưa lưu: hãy kiểm tra các ô được đánh dấu rồi lưu lại.</translation>
    </message>
    <message>
        <source>Correct the record already here?</source>
        <translation>Sửa hồ sơ đã có?</translation>
    </message>
    <message>
        <source>Correct it</source>
        <translation>Sửa hồ sơ</translation>
    </message>
    <message>
        <source>Leave it as it is</source>
        <translation>Giữ nguyên</translation>
    </message>
</context>
<context>
    <name>PassphraseChangeDialog</name>
    <message>
        <source>Change the data passphrase</source>
        <translation>Đổi mật khẩu dữ liệu</translation>
    </message>
    <message>
        <source>After the change, VaxDesk on this laptop opens only with the new passphrase, and so do the backups it finds. Do it when someone who knew the passphrase leaves the site. The window closes while the data is re-encrypted (seconds, or minutes for a very large database) and opens again.</source>
        <translation>Sau khi đổi, VaxDesk trên máy này chỉ mở bằng mật khẩu mới, các bản sao lưu tìm thấy cũng vậy. Hãy đổi khi có người biết mật khẩu rời điểm tiêm. Cửa sổ sẽ đóng trong lúc dữ liệu được mã hóa lại (vài giây, hoặc vài phút với cơ sở dữ liệu rất lớn) rồi mở lại.</translation>
    </message>
    <message>
        <source>Current data passphrase</source>
        <translation>Mật khẩu dữ liệu hiện tại</translation>
    </message>
    <message>
        <source>New data passphrase</source>
        <translation>Mật khẩu dữ liệu mới</translation>
    </message>
    <message>
        <source>New passphrase again</source>
        <translation>Nhập lại mật khẩu mới</translation>
    </message>
    <message>
        <source>Change the passphrase</source>
        <translation>Đổi mật khẩu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy bỏ</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Create the signing key</source>
        <translation>Tạo khóa ký</translation>
    </message>
    <message>
        <source>Unlock the signing key</source>
        <translation>Mở khóa ký</translation>
    </message>
    <message>
        <source>The site's certificate-signing key is stored encrypted. Choose a passphrase of at least 8 characters and keep it safe: without it, no certificate can be signed.</source>
        <translation>Khóa ký chứng nhận của điểm tiêm được lưu dưới dạng mã hóa. Hãy chọn mật khẩu có ít nhất 8 ký tự và giữ cẩn thận: không có mật khẩu thì không ký được chứng nhận nào.</translation>
    </message>
    <message>
        <source>Enter the signing key passphrase to sign certificates during this session.</source>
        <translation>Nhập mật khẩu khóa ký để ký chứng nhận trong phiên làm việc này.</translation>
    </message>
    <message>
        <source>Signing key passphrase</source>
        <translation>Mật khẩu khóa ký</translation>
    </message>
    <message>
        <source>Repeat it</source>
        <translation>Nhập lại</translation>
    </message>
    <message>
        <source>Create key</source>
        <translation>Tạo khóa</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Mở khóa</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy bỏ</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Hai mật khẩu không giống nhau.</translation>
    </message>
</context>
<context>
    <name>PersonForm</name>
    <message>
        <source>Citizen ID (CCCD, 12 digits)</source>
        <translation>CCCD / Số định danh (12 số)</translation>
    </message>
    <message>
        <source>Old ID card (CMND, 9 digits)</source>
        <translation>CMND cũ (9 số)</translation>
    </message>
    <message>
        <source>Passport</source>
        <translation>Hộ chiếu</translation>
    </message>
    <message>
        <source>No identity document</source>
        <translation>Không có giấy tờ tùy thân</translation>
    </message>
    <message>
        <source>3-letter code, e.g. KOR</source>
        <translation>Mã 3 chữ cái, vd. KOR</translation>
    </message>
    <message>
        <source>Unknown identity</source>
        <translation>Không rõ danh tính</translation>
    </message>
    <message>
        <source>Homeless or itinerant</source>
        <translation>Vô gia cư hoặc không nơi cư trú ổn định</translation>
    </message>
    <message>
        <source>Child without an ID number</source>
        <translation>Trẻ em chưa có số định danh</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <source>ID type</source>
        <translation>Loại giấy tờ</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>Số giấy tờ</translation>
    </message>
    <message>
        <source>Nationality</source>
        <translation>Quốc tịch</translation>
    </message>
    <message>
        <source>Reason for no ID</source>
        <translation>Lý do không có giấy tờ</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Số điện thoại</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <source>Old ID card (CMND)</source>
        <translation>Số CMND cũ</translation>
    </message>
</context>
<context>
    <name>PoliceButtons</name>
    <message>
        <source>E&amp;xport for verification…</source>
        <translation>&amp;Xuất danh sách xác minh…</translation>
    </message>
    <message>
        <source>&amp;Import verification results…</source>
        <translation>Nhập kết &amp;quả xác minh…</translation>
    </message>
    <message>
        <source>Export for verification</source>
        <translation>Xuất danh sách xác minh</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Xuất</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy bỏ</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Bảng tính Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Writing the verification list…</source>
        <translation>Đang ghi danh sách xác minh…</translation>
    </message>
    <message>
        <source>Import verification results</source>
        <translation>Nhập kết quả xác minh</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.xlsm *.xls *.ods)</source>
        <translation>Bảng tính (*.xlsx *.xlsm *.xls *.ods)</translation>
    </message>
</context>
<context>
    <name>PolicePreviewDialog</name>
    <message>
        <source>Verification results</source>
        <translation>Kết quả xác minh</translation>
    </message>
    <message>
        <source>Matches</source>
        <translation>Khớp</translation>
    </message>
    <message>
        <source>Wrong details</source>
        <translation>Sai thông tin</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Không tìm thấy</translation>
    </message>
    <message>
        <source>No result yet</source>
        <translation>Chưa có kết quả</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Dòng</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Thông tin</translation>
    </message>
    <message>
        <source>Now → verified</source>
        <translation>Hiện tại → đã xác minh</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Why it is not applied</source>
        <translation>Lý do không áp dụng</translation>
    </message>
    <message>
        <source>&amp;Apply…</source>
        <translation>&amp;Áp dụng…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>What the police returned</source>
        <translation>Kết quả công an trả về</translation>
    </message>
    <message>
        <source>Number held at another site</source>
        <translation>Số đã được điểm tiêm khác ghi</translation>
    </message>
    <message>
        <source>Not applied</source>
        <translation>Không áp dụng</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>Đã áp dụng</translation>
    </message>
    <message>
        <source>Checking the new ID numbers with other sites…</source>
        <translation>Đang đối chiếu các số giấy tờ mới với các điểm tiêm khác…</translation>
    </message>
    <message>
        <source>Rows not applied</source>
        <translation>Các dòng không được áp dụng</translation>
    </message>
    <message>
        <source>Before → verified</source>
        <translation>Trước khi sửa → đã xác minh</translation>
    </message>
    <message>
        <source>Save the verification report</source>
        <translation>Lưu báo cáo xác minh</translation>
    </message>
    <message>
        <source>Rows that will not be applied</source>
        <translation>Các dòng sẽ không được áp dụng</translation>
    </message>
    <message>
        <source>Save the detailed report…</source>
        <translation>Lưu báo cáo chi tiết…</translation>
    </message>
    <message>
        <source>Refused by the rules</source>
        <translation>Bị quy tắc từ chối</translation>
    </message>
    <message>
        <source>Apply the verification results</source>
        <translation>Áp dụng kết quả xác minh</translation>
    </message>
    <message>
        <source>Apply these results to the records?</source>
        <translation>Áp dụng các kết quả này vào hồ sơ?</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Áp dụng</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>Quay lại sửa</translation>
    </message>
    <message>
        <source>Applying the verification results…</source>
        <translation>Đang áp dụng kết quả xác minh…</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Folder</source>
        <translation>Thư mục</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <source>Drive</source>
        <translation>Ổ đĩa</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Lối tắt</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Không rõ</translation>
    </message>
</context>
<context>
    <name>QAbstractSpinBox</name>
    <message>
        <source>&amp;Select All</source>
        <translation>&amp;Chọn tất cả</translation>
    </message>
    <message>
        <source>&amp;Step up</source>
        <translation>&amp;Tăng</translation>
    </message>
    <message>
        <source>Step &amp;down</source>
        <translation>&amp;Giảm</translation>
    </message>
</context>
<context>
    <name>QCupsJobWidget</name>
    <message>
        <source>Job</source>
        <translation>Lệnh in</translation>
    </message>
    <message>
        <source>Job Control</source>
        <translation>Điều khiển lệnh in</translation>
    </message>
    <message>
        <source>Scheduled &amp;printing:</source>
        <translation>&amp;Hẹn giờ in:</translation>
    </message>
    <message>
        <source>&amp;Billing information:</source>
        <translation>Thông tin &amp;tính phí:</translation>
    </message>
    <message>
        <source>Job &amp;priority:</source>
        <translation>Độ &amp;ưu tiên:</translation>
    </message>
    <message>
        <source>Banner Pages</source>
        <translation>Trang bìa</translation>
    </message>
    <message>
        <source>&amp;Start:</source>
        <translation>Đầ&amp;u:</translation>
    </message>
    <message>
        <source>&amp;End:</source>
        <translation>&amp;Cuối:</translation>
    </message>
    <message>
        <source>Print Immediately</source>
        <translation>In ngay</translation>
    </message>
    <message>
        <source>Hold Indefinitely</source>
        <translation>Giữ lại, chưa in</translation>
    </message>
    <message>
        <source>Day (06:00 to 17:59)</source>
        <translation>Ban ngày (06:00 đến 17:59)</translation>
    </message>
    <message>
        <source>Night (18:00 to 05:59)</source>
        <translation>Ban đêm (18:00 đến 05:59)</translation>
    </message>
    <message>
        <source>Second Shift (16:00 to 23:59)</source>
        <translation>Ca hai (16:00 đến 23:59)</translation>
    </message>
    <message>
        <source>Third Shift (00:00 to 07:59)</source>
        <translation>Ca ba (00:00 đến 07:59)</translation>
    </message>
    <message>
        <source>Weekend (Saturday to Sunday)</source>
        <translation>Cuối tuần (thứ Bảy và Chủ nhật)</translation>
    </message>
    <message>
        <source>Specific Time</source>
        <translation>Giờ định sẵn</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Không có</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Tiêu chuẩn</translation>
    </message>
    <message>
        <source>Unclassified</source>
        <translation>Không phân loại</translation>
    </message>
    <message>
        <source>Confidential</source>
        <translation>Mật</translation>
    </message>
    <message>
        <source>Classified</source>
        <translation>Hạn chế</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>Tối mật</translation>
    </message>
    <message>
        <source>Top Secret</source>
        <translation>Tuyệt mật</translation>
    </message>
</context>
<context>
    <name>QCupsPrinterSupport</name>
    <message>
        <source>Authentication Needed</source>
        <translation>Cần đăng nhập</translation>
    </message>
    <message>
        <source>Authentication needed to use %1.</source>
        <translation>Cần đăng nhập để dùng %1.</translation>
    </message>
    <message>
        <source>Authentication needed to use %1 on %2.</source>
        <translation>Cần đăng nhập để dùng %1 trên %2.</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>Tên đăng nhập:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Mật khẩu:</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Tìm trong:</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>&amp;Tên tệp:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>&amp;Loại tệp:</translation>
    </message>
    <message>
        <source>Directory:</source>
        <translation>Thư mục:</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Mở</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Lưu</translation>
    </message>
    <message>
        <source>&amp;Choose</source>
        <translation>&amp;Chọn</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Mở</translation>
    </message>
    <message>
        <source>Save As</source>
        <translation>Lưu thành</translation>
    </message>
    <message>
        <source>Find Directory</source>
        <translation>Chọn thư mục</translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation>Mọi tệp (*)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Mọi tệp (*)</translation>
    </message>
    <message>
        <source>Directories</source>
        <translation>Thư mục</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Các tệp</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>Quay lại thư mục trước</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Đi tiếp</translation>
    </message>
    <message>
        <source>Go forward</source>
        <translation>Đi tiếp đến thư mục sau</translation>
    </message>
    <message>
        <source>Parent Directory</source>
        <translation>Thư mục cha</translation>
    </message>
    <message>
        <source>Go to the parent directory</source>
        <translation>Lên thư mục cha</translation>
    </message>
    <message>
        <source>Create New Folder</source>
        <translation>Tạo thư mục mới</translation>
    </message>
    <message>
        <source>Create a New Folder</source>
        <translation>Tạo một thư mục mới</translation>
    </message>
    <message>
        <source>List View</source>
        <translation>Dạng danh sách</translation>
    </message>
    <message>
        <source>Change to list view mode</source>
        <translation>Xem dạng danh sách</translation>
    </message>
    <message>
        <source>Detail View</source>
        <translation>Dạng chi tiết</translation>
    </message>
    <message>
        <source>Change to detail view mode</source>
        <translation>Xem dạng chi tiết</translation>
    </message>
    <message>
        <source>Sidebar</source>
        <translation>Thanh bên</translation>
    </message>
    <message>
        <source>List of places and bookmarks</source>
        <translation>Các nơi và thư mục đánh dấu</translation>
    </message>
    <message>
        <source>Recent Places</source>
        <translation>Nơi mở gần đây</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Bỏ khỏi danh sách</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>Đổi &amp;tên</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Xóa</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Show &amp;hidden files</source>
        <translation>Hiện các tệp &amp;ẩn</translation>
    </message>
    <message>
        <source>&amp;New Folder</source>
        <translation>Thư mục &amp;mới</translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation>Thư mục mới</translation>
    </message>
    <message>
        <source>Show </source>
        <translation>Hiện cột </translation>
    </message>
    <message>
        <source>%1 already exists.
Do you want to replace it?</source>
        <translation>%1 đã có.
Thay tệp đó bằng tệp mới?</translation>
    </message>
    <message>
        <source>%1
File not found.
Please verify the correct file name was given.</source>
        <translation>%1
Không tìm thấy tệp.
Hãy kiểm tra lại tên tệp.</translation>
    </message>
    <message>
        <source>%1
Directory not found.
Please verify the correct directory name was given.</source>
        <translation>%1
Không tìm thấy thư mục.
Hãy kiểm tra lại tên thư mục.</translation>
    </message>
    <message>
        <source>'%1' is write protected.
Do you want to delete it anyway?</source>
        <translation>'%1' đang được bảo vệ chống ghi.
Vẫn xóa?</translation>
    </message>
    <message>
        <source>Are you sure you want to delete '%1'?</source>
        <translation>Xóa hẳn '%1'?</translation>
    </message>
    <message>
        <source>Could not delete directory.</source>
        <translation>Không xóa được thư mục.</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Dung lượng</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>Ngày sửa</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Máy tính</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Hoàn tác</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Làm lại</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Cắt</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Sao chép</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Dán</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Chọn tất cả</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Show Details...</source>
        <translation>Xem chi tiết...</translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation>Ẩn chi tiết...</translation>
    </message>
</context>
<context>
    <name>QPageSetupWidget</name>
    <message>
        <source>Form</source>
        <translation>Biểu mẫu</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Giấy</translation>
    </message>
    <message>
        <source>Page size:</source>
        <translation>Khổ giấy:</translation>
    </message>
    <message>
        <source>Width:</source>
        <translation>Rộng:</translation>
    </message>
    <message>
        <source>Height:</source>
        <translation>Cao:</translation>
    </message>
    <message>
        <source>Paper source:</source>
        <translation>Khay giấy:</translation>
    </message>
    <message>
        <source>Orientation</source>
        <translation>Hướng giấy</translation>
    </message>
    <message>
        <source>Portrait</source>
        <translation>Dọc</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>Ngang</translation>
    </message>
    <message>
        <source>Reverse landscape</source>
        <translation>Ngang, lộn ngược</translation>
    </message>
    <message>
        <source>Reverse portrait</source>
        <translation>Dọc, lộn ngược</translation>
    </message>
    <message>
        <source>Margins</source>
        <translation>Lề</translation>
    </message>
    <message>
        <source>top margin</source>
        <translation>lề trên</translation>
    </message>
    <message>
        <source>bottom margin</source>
        <translation>lề dưới</translation>
    </message>
    <message>
        <source>left margin</source>
        <translation>lề trái</translation>
    </message>
    <message>
        <source>right margin</source>
        <translation>lề phải</translation>
    </message>
    <message>
        <source>Page Layout</source>
        <translation>Bố cục trang</translation>
    </message>
    <message>
        <source>Page &amp;order:</source>
        <translation>&amp;Thứ tự trang:</translation>
    </message>
    <message>
        <source>Pages &amp;per sheet:</source>
        <translation>Số trang mỗi &amp;tờ:</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Tùy chỉnh</translation>
    </message>
    <message>
        <source>Millimeters (mm)</source>
        <translation>Milimét (mm)</translation>
    </message>
    <message>
        <source>Points (pt)</source>
        <translation>Điểm (pt)</translation>
    </message>
    <message>
        <source>Inches (in)</source>
        <translation>Inch (in)</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy bỏ</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Mở</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>Lưu tất cả</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Áp dụng</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Đặt lại</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>Trở về mặc định</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Trợ giúp</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Bỏ</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Có</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>Có cho &amp;tất cả</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Không</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>Khô&amp;ng cho tất cả</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Dừng hẳn</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Bỏ qua</translation>
    </message>
</context>
<context>
    <name>QPrintDialog</name>
    <message>
        <source>Print</source>
        <translation>In</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>&amp;In</translation>
    </message>
    <message>
        <source>&amp;Options &gt;&gt;</source>
        <translation>&amp;Tùy chọn &gt;&gt;</translation>
    </message>
    <message>
        <source>&amp;Options &lt;&lt;</source>
        <translation>&amp;Tùy chọn &lt;&lt;</translation>
    </message>
    <message>
        <source>All Pages</source>
        <translation>Mọi trang</translation>
    </message>
    <message>
        <source>Odd Pages</source>
        <translation>Trang lẻ</translation>
    </message>
    <message>
        <source>Even Pages</source>
        <translation>Trang chẵn</translation>
    </message>
    <message>
        <source>Print to File (PDF)</source>
        <translation>In ra tệp (PDF)</translation>
    </message>
    <message>
        <source>Print To File ...</source>
        <translation>In ra tệp...</translation>
    </message>
    <message>
        <source>Local file</source>
        <translation>Tệp trên máy này</translation>
    </message>
    <message>
        <source>Write PDF file</source>
        <translation>Ghi tệp PDF</translation>
    </message>
    <message>
        <source>%1 already exists.
Do you want to overwrite it?</source>
        <translation>%1 đã có.
Ghi đè lên tệp đó?</translation>
    </message>
    <message>
        <source>%1 is a directory.
Please choose a different file name.</source>
        <translation>%1 là một thư mục.
Hãy chọn tên tệp khác.</translation>
    </message>
    <message>
        <source>File %1 is not writable.
Please choose a different file name.</source>
        <translation>Không ghi được vào tệp %1.
Hãy chọn tên tệp khác.</translation>
    </message>
    <message>
        <source>Invalid Pages Definition</source>
        <translation>Dãy trang không hợp lệ</translation>
    </message>
    <message>
        <source>%1 does not follow the correct syntax. Please use ',' to separate ranges and pages, '-' to define ranges and make sure ranges do not intersect with each other.</source>
        <translation>%1 viết chưa đúng. Hãy dùng ',' để ngăn cách các trang và dãy trang, '-' để ghi một dãy trang, và để các dãy không chồng lên nhau.</translation>
    </message>
    <message>
        <source>Duplex Settings Conflicts</source>
        <translation>Thiết lập in hai mặt mâu thuẫn</translation>
    </message>
    <message>
        <source>There are conflicts in duplex settings. Do you want to fix them?</source>
        <translation>Các thiết lập in hai mặt mâu thuẫn nhau. Sửa lại?</translation>
    </message>
    <message>
        <source>Options 'Pages Per Sheet' and 'Page Set' cannot be used together.
Please turn one of those options off.</source>
        <translation>Không dùng cùng lúc được 'Số trang mỗi tờ' và 'Bộ trang'.
Hãy tắt một trong hai.</translation>
    </message>
    <message>
        <source>Left to Right, Top to Bottom</source>
        <translation>Trái sang phải, trên xuống dưới</translation>
    </message>
    <message>
        <source>Left to Right, Bottom to Top</source>
        <translation>Trái sang phải, dưới lên trên</translation>
    </message>
    <message>
        <source>Right to Left, Bottom to Top</source>
        <translation>Phải sang trái, dưới lên trên</translation>
    </message>
    <message>
        <source>Right to Left, Top to Bottom</source>
        <translation>Phải sang trái, trên xuống dưới</translation>
    </message>
    <message>
        <source>Bottom to Top, Left to Right</source>
        <translation>Dưới lên trên, trái sang phải</translation>
    </message>
    <message>
        <source>Bottom to Top, Right to Left</source>
        <translation>Dưới lên trên, phải sang trái</translation>
    </message>
    <message>
        <source>Top to Bottom, Left to Right</source>
        <translation>Trên xuống dưới, trái sang phải</translation>
    </message>
    <message>
        <source>Top to Bottom, Right to Left</source>
        <translation>Trên xuống dưới, phải sang trái</translation>
    </message>
</context>
<context>
    <name>QPrintPropertiesDialog</name>
    <message>
        <source>Printer Properties</source>
        <translation>Thuộc tính máy in</translation>
    </message>
    <message>
        <source>Job Options</source>
        <translation>Tùy chọn lệnh in</translation>
    </message>
    <message>
        <source>Page Setup Conflicts</source>
        <translation>Thiết lập trang mâu thuẫn</translation>
    </message>
    <message>
        <source>There are conflicts in page setup options. Do you want to fix them?</source>
        <translation>Các thiết lập trang mâu thuẫn nhau. Sửa lại?</translation>
    </message>
    <message>
        <source>Advanced Option Conflicts</source>
        <translation>Tùy chọn nâng cao mâu thuẫn</translation>
    </message>
    <message>
        <source>There are conflicts in some advanced options. Do you want to fix them?</source>
        <translation>Một số tùy chọn nâng cao mâu thuẫn nhau. Sửa lại?</translation>
    </message>
</context>
<context>
    <name>QPrintPropertiesWidget</name>
    <message>
        <source>Form</source>
        <translation>Biểu mẫu</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>Trang</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Nâng cao</translation>
    </message>
    <message>
        <source>There are conflicts in some options. Please fix them.</source>
        <translation>Một số tùy chọn mâu thuẫn nhau. Hãy sửa lại.</translation>
    </message>
</context>
<context>
    <name>QPrintSettingsOutput</name>
    <message>
        <source>Form</source>
        <translation>Biểu mẫu</translation>
    </message>
    <message>
        <source>Copies</source>
        <translation>Số bản</translation>
    </message>
    <message>
        <source>Copies:</source>
        <translation>Số bản:</translation>
    </message>
    <message>
        <source>Collate</source>
        <translation>Xếp theo bộ</translation>
    </message>
    <message>
        <source>Reverse</source>
        <translation>Đảo thứ tự</translation>
    </message>
    <message>
        <source>Print range</source>
        <translation>Phạm vi in</translation>
    </message>
    <message>
        <source>Print all</source>
        <translation>In tất cả</translation>
    </message>
    <message>
        <source>Pages from</source>
        <translation>Các trang từ</translation>
    </message>
    <message>
        <source>to</source>
        <translation>đến</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Các trang</translation>
    </message>
    <message>
        <source>Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.</source>
        <translation>Ghi các trang hoặc dãy trang, ngăn cách bằng dấu phẩy; một dãy là hai số nối bằng dấu gạch ngang. Ví dụ: 3,5-7,9 in các trang 3, 5, 6, 7 và 9.</translation>
    </message>
    <message>
        <source>Current Page</source>
        <translation>Trang hiện tại</translation>
    </message>
    <message>
        <source>Selection</source>
        <translation>Phần đã chọn</translation>
    </message>
    <message>
        <source>Page &amp;Set:</source>
        <translation>&amp;Bộ trang:</translation>
    </message>
    <message>
        <source>Output Settings</source>
        <translation>Thiết lập bản in</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Tùy chọn</translation>
    </message>
    <message>
        <source>Color Mode</source>
        <translation>Màu in</translation>
    </message>
    <message>
        <source>Color</source>
        <translation>Màu</translation>
    </message>
    <message>
        <source>Grayscale</source>
        <translation>Trắng đen</translation>
    </message>
    <message>
        <source>Double Sided Printing</source>
        <translation>In hai mặt</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Tắt</translation>
    </message>
    <message>
        <source>Long side binding</source>
        <translation>Lật theo cạnh dài</translation>
    </message>
    <message>
        <source>Short side binding</source>
        <translation>Lật theo cạnh ngắn</translation>
    </message>
</context>
<context>
    <name>QPrintWidget</name>
    <message>
        <source>Form</source>
        <translation>Biểu mẫu</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Máy in</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Tên:</translation>
    </message>
    <message>
        <source>P&amp;roperties</source>
        <translation>Th&amp;uộc tính</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>Vị trí:</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Xem trước</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Loại:</translation>
    </message>
    <message>
        <source>Output &amp;file:</source>
        <translation>Tệp &amp;ra:</translation>
    </message>
</context>
<context>
    <name>QScrollBar</name>
    <message>
        <source>Scroll here</source>
        <translation>Cuộn đến đây</translation>
    </message>
    <message>
        <source>Top</source>
        <translation>Lên đầu</translation>
    </message>
    <message>
        <source>Bottom</source>
        <translation>Xuống cuối</translation>
    </message>
    <message>
        <source>Left edge</source>
        <translation>Sang mép trái</translation>
    </message>
    <message>
        <source>Right edge</source>
        <translation>Sang mép phải</translation>
    </message>
    <message>
        <source>Page up</source>
        <translation>Lên một trang</translation>
    </message>
    <message>
        <source>Page down</source>
        <translation>Xuống một trang</translation>
    </message>
    <message>
        <source>Page left</source>
        <translation>Sang trái một trang</translation>
    </message>
    <message>
        <source>Page right</source>
        <translation>Sang phải một trang</translation>
    </message>
    <message>
        <source>Scroll up</source>
        <translation>Cuộn lên</translation>
    </message>
    <message>
        <source>Scroll down</source>
        <translation>Cuộn xuống</translation>
    </message>
    <message>
        <source>Scroll left</source>
        <translation>Cuộn sang trái</translation>
    </message>
    <message>
        <source>Scroll right</source>
        <translation>Cuộn sang phải</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Hoàn tác</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Làm lại</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Cắt</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Sao chép</translation>
    </message>
    <message>
        <source>Copy &amp;Link Location</source>
        <translation>Sao chép địa chỉ &amp;liên kết</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Dán</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Chọn tất cả</translation>
    </message>
</context>
<context>
    <name>ReactionDialog</name>
    <message>
        <source>Reaction after the dose: {name}</source>
        <translation>Phản ứng sau tiêm: {name}</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Mức độ</translation>
    </message>
    <message>
        <source>Began at</source>
        <translation>Bắt đầu lúc</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Biểu hiện</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>Xử trí</translation>
    </message>
    <message>
        <source>Save reaction</source>
        <translation>Lưu phản ứng</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy bỏ</translation>
    </message>
</context>
<context>
    <name>ReactionMoveDialog</name>
    <message numerus="yes">
        <source>%n reaction(s) recorded on this dose belong to the person who was given it. Pick that person's dose of the same vaccine and day: the reactions move there, and their screening before the next dose sees them.</source>
        <translation>
            <numerusform>%n phản ứng ghi trên mũi tiêm này thuộc về người thực sự được tiêm. Chọn mũi tiêm của người đó, cùng vắc xin và cùng ngày: phản ứng được chuyển sang đó, và lần khám sàng lọc mũi sau của họ sẽ thấy.</numerusform>
        </translation>
    </message>
    <message>
        <source>Move the reactions</source>
        <translation>Chuyển phản ứng</translation>
    </message>
    <message>
        <source>Move reactions to the dose recorded again</source>
        <translation>Chuyển phản ứng sang mũi tiêm đã ghi lại</translation>
    </message>
    <message numerus="yes">
        <source>%n reaction(s) recorded on this dose are still this person's (the dose was not voided as given to another person). Pick their dose of the same vaccine and day recorded again: the reactions move there, and their screening before the next dose sees them.</source>
        <translation>
            <numerusform>%n phản ứng ghi trên mũi tiêm này vẫn là của người này (mũi tiêm không được đánh dấu là đã tiêm cho người khác). Chọn mũi tiêm cùng vắc xin, cùng ngày đã ghi lại cho họ: phản ứng được chuyển sang đó, và lần khám sàng lọc mũi sau của họ sẽ thấy.</numerusform>
        </translation>
    </message>
    <message>
        <source>This person has no other dose of this vaccine on this day. Record their dose again first, then move the reactions.</source>
        <translation>Người này chưa có mũi tiêm nào khác của vắc xin này trong ngày. Hãy ghi lại mũi tiêm cho họ trước, rồi chuyển phản ứng.</translation>
    </message>
    <message>
        <source>{name}, born {dob}, ID {id} — dose {number}, lot {lot}, recorded {at}</source>
        <translation>{name}, sinh ngày {dob}, giấy tờ {id} — mũi {number}, lô {lot}, ghi lúc {at}</translation>
    </message>
    <message>
        <source>No other person has a dose of this vaccine on this day. Record the right person's dose first, then move the reactions.</source>
        <translation>Chưa có người nào khác được ghi mũi tiêm vắc xin này trong ngày. Hãy ghi mũi tiêm cho đúng người trước, rồi chuyển phản ứng.</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <source>Record</source>
        <translation>Bản ghi</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Đang tải…</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>Mũi tiêm</translation>
    </message>
    <message>
        <source>Vaccine</source>
        <translation>Vắc xin</translation>
    </message>
    <message>
        <source>Dose number</source>
        <translation>Mũi thứ</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>Số lô</translation>
    </message>
    <message>
        <source>Vaccinator</source>
        <translation>Người tiêm</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Nguồn</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Đồng bộ</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Thao tác</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Thời điểm</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Chi tiết</translation>
    </message>
    <message>
        <source>Correct person…</source>
        <translation>Sửa thông tin người…</translation>
    </message>
    <message>
        <source>Correct dose…</source>
        <translation>Sửa mũi tiêm…</translation>
    </message>
    <message>
        <source>Void dose…</source>
        <translation>Đánh dấu nhập nhầm…</translation>
    </message>
    <message>
        <source>Reaction after the dose…</source>
        <translation>Phản ứng sau tiêm…</translation>
    </message>
    <message>
        <source>Move reactions…</source>
        <translation>Chuyển phản ứng…</translation>
    </message>
    <message>
        <source>Split a merged record</source>
        <translation>Tách một hồ sơ đã gộp</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Doses of this person</source>
        <translation>Các mũi tiêm của người này</translation>
    </message>
    <message>
        <source>History of changes</source>
        <translation>Lịch sử thay đổi</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Người được tiêm</translation>
    </message>
    <message>
        <source>(no account)</source>
        <translation>(không qua tài khoản)</translation>
    </message>
    <message>
        <source>Only a supervisor corrects or voids records.</source>
        <translation>Chỉ người giám sát mới được sửa hoặc hủy hồ sơ.</translation>
    </message>
    <message>
        <source>Only those who record doses record reactions.</source>
        <translation>Chỉ người ghi mũi tiêm mới được ghi phản ứng sau tiêm.</translation>
    </message>
    <message>
        <source>Only a supervisor moves reactions.</source>
        <translation>Chỉ người giám sát mới được chuyển phản ứng.</translation>
    </message>
    <message>
        <source>Only a supervisor splits merged records.</source>
        <translation>Chỉ người giám sát mới được tách hồ sơ đã gộp.</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Hiệu lực</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Nhập nhầm</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Tạo mới</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>Đã sửa</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Chờ đồng bộ</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Đang gửi</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Đã đồng bộ</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Bị từ chối</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Xung đột</translation>
    </message>
</context>
<context>
    <name>RecordScreen</name>
    <message>
        <source>Person</source>
        <translation>Người được tiêm</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>Mũi tiêm</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>Lưu (Ctrl+S)</translation>
    </message>
    <message>
        <source>Screening (F2)</source>
        <translation>Khám sàng lọc (F2)</translation>
    </message>
    <message>
        <source>Back to search (Esc)</source>
        <translation>Quay lại tìm kiếm (Esc)</translation>
    </message>
    <message>
        <source>Call-back list…</source>
        <translation>Danh sách gọi tiêm…</translation>
    </message>
    <message>
        <source>{name} opens once it is saved.</source>
        <translation>{name} sẽ được mở khi lưu xong.</translation>
    </message>
    <message>
        <source>The new person's form opens once it is saved.</source>
        <translation>Mẫu nhập người mới sẽ được mở khi lưu xong.</translation>
    </message>
    <message>
        <source>Back to the search once it is saved.</source>
        <translation>Sẽ quay lại tìm kiếm khi lưu xong.</translation>
    </message>
    <message>
        <source>Discard this person?</source>
        <translation>Bỏ thông tin người này?</translation>
    </message>
    <message>
        <source>The new person's details have not been saved. Discard them?</source>
        <translation>Thông tin người mới chưa được lưu. Bỏ các thông tin này?</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Bỏ</translation>
    </message>
    <message>
        <source>A volunteer enters past doses in the Backfill area; recording today's doses at the desk is a clerk's or a supervisor's work.</source>
        <translation>Tình nguyện viên nhập các mũi đã tiêm trước đây ở mục Hồi cứu; ghi nhận mũi tiêm hôm nay tại bàn là việc của nhân viên ghi nhận hoặc người giám sát.</translation>
    </message>
    <message>
        <source>Discard this dose?</source>
        <translation>Bỏ mũi tiêm đang nhập?</translation>
    </message>
    <message>
        <source>The dose typed for {name} has not been saved. Discard it?</source>
        <translation>Mũi tiêm đang nhập cho {name} chưa được lưu. Bỏ mũi tiêm này?</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Tiếp tục nhập</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Nam</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Nữ</translation>
    </message>
    <message>
        <source>No doses recorded yet.</source>
        <translation>Chưa có mũi tiêm nào được ghi nhận.</translation>
    </message>
</context>
<context>
    <name>RecordsScreen</name>
    <message>
        <source>Today</source>
        <translation>Hôm nay</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Tất cả</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Từ ngày</translation>
    </message>
    <message>
        <source>All vaccines</source>
        <translation>Tất cả vắc xin</translation>
    </message>
    <message>
        <source>Any sync state</source>
        <translation>Mọi trạng thái đồng bộ</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Chờ đồng bộ</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Đang gửi</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Đã đồng bộ</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Bị từ chối</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Xung đột</translation>
    </message>
    <message>
        <source>Needs cleaning</source>
        <translation>Cần làm sạch</translation>
    </message>
    <message>
        <source>Find a person: name, ID or phone</source>
        <translation>Tìm người: tên, số giấy tờ hoặc số điện thoại</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Mở…</translation>
    </message>
    <message>
        <source>Find a person</source>
        <translation>Tìm người</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Từ ngày</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>Đến ngày</translation>
    </message>
    <message>
        <source>Vaccine</source>
        <translation>Vắc xin</translation>
    </message>
    <message>
        <source>Sync state</source>
        <translation>Trạng thái đồng bộ</translation>
    </message>
    <message>
        <source>Doses</source>
        <translation>Các mũi tiêm</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Đang đếm…</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n bản ghi</numerusform>
        </translation>
    </message>
    <message>
        <source>No dose of anyone this search finds matches these filters.</source>
        <translation>Không có mũi tiêm nào của người tìm được khớp với bộ lọc này.</translation>
    </message>
    <message>
        <source>No dose has been recorded today yet. Choose “All” to see the doses recorded before.</source>
        <translation>Hôm nay chưa ghi nhận mũi tiêm nào. Chọn “Tất cả” để xem các mũi tiêm đã ghi trước đây.</translation>
    </message>
    <message>
        <source>No record matches these filters.</source>
        <translation>Không có bản ghi nào khớp với bộ lọc.</translation>
    </message>
</context>
<context>
    <name>ReportsScreen</name>
    <message>
        <source>Export .&amp;xlsx…</source>
        <translation>Xuất .&amp;xlsx…</translation>
    </message>
    <message>
        <source>Export &amp;PDF…</source>
        <translation>Xuất &amp;PDF…</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>Từ ngà&amp;y</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>Đến n&amp;gày</translation>
    </message>
    <message>
        <source>&amp;Report</source>
        <translation>&amp;Báo cáo</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Bảng tính Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>Tài liệu PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Export reports</source>
        <translation>Xuất báo cáo</translation>
    </message>
    <message>
        <source>Writing the reports…</source>
        <translation>Đang ghi báo cáo…</translation>
    </message>
</context>
<context>
    <name>ResetPasswordForm</name>
    <message>
        <source>Reset the password</source>
        <translation>Đặt lại mật khẩu</translation>
    </message>
    <message>
        <source>Set the temporary password</source>
        <translation>Đặt mật khẩu tạm</translation>
    </message>
    <message>
        <source>Temporary password</source>
        <translation>Mật khẩu tạm</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>Nhập lại</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>VaxDesk: the database is damaged</source>
        <translation>VaxDesk: cơ sở dữ liệu bị hỏng</translation>
    </message>
    <message>
        <source>Restoring puts this copy in place of the database: what was recorded since it was made is no longer shown (the current file is kept aside; the next sync brings back what was sent to the central platform). A supervisor of this database logs in; the accounts stay as they are now. The window closes while it is restored and opens again.</source>
        <translation>Khôi phục sẽ đặt bản sao này thay cho cơ sở dữ liệu: những gì ghi nhận sau khi bản sao được làm sẽ không còn hiện ra (tệp hiện tại được giữ lại bên cạnh; lần đồng bộ tới sẽ lấy lại những gì đã gửi lên hệ thống trung tâm). Người giám sát của cơ sở dữ liệu này đăng nhập để khôi phục; các tài khoản giữ nguyên như hiện nay. Cửa sổ đóng lại trong lúc khôi phục rồi mở lại.</translation>
    </message>
    <message>
        <source>Restore a backup? This database's own copies come first, the newest at the top. A supervisor of this database logs in to do it (of the backup, if this database is too damaged to ask); the damaged file is kept aside.</source>
        <translation>Khôi phục một bản sao lưu? Các bản sao của chính cơ sở dữ liệu này đứng trước, bản mới nhất ở trên cùng. Người giám sát của cơ sở dữ liệu này đăng nhập để khôi phục (người giám sát có trong bản sao lưu, nếu cơ sở dữ liệu này hỏng đến mức không hỏi được); tệp bị hỏng được giữ lại riêng.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu đăng nhập</translation>
    </message>
    <message>
        <source>Checking and copying the backup…</source>
        <translation>Đang kiểm tra và sao chép bản sao lưu…</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>Khôi phục bản sao lưu</translation>
    </message>
    <message>
        <source>I understand: restore this copy of another database in place of this one</source>
        <translation>Tôi hiểu: khôi phục bản sao của cơ sở dữ liệu khác này thay cho cơ sở dữ liệu hiện tại</translation>
    </message>
    <message>
        <source>Checking the backup…</source>
        <translation>Đang kiểm tra bản sao lưu…</translation>
    </message>
    <message>
        <source>Reading the backups…</source>
        <translation>Đang đọc các bản sao lưu…</translation>
    </message>
    <message>
        <source>Restore this backup onto this laptop: its records, accounts and settings become this laptop's. Type the backup's data passphrase and the login of one of its supervisors. Then sync: what the lost laptop sent to the central platform after the backup was made comes back.</source>
        <translation>Khôi phục bản sao lưu này vào máy này: hồ sơ, tài khoản và cài đặt trong bản sao lưu trở thành của máy này. Nhập mật khẩu dữ liệu của bản sao lưu và thông tin đăng nhập của một người giám sát trong đó. Sau đó hãy đồng bộ: những gì máy cũ đã gửi lên hệ thống trung tâm sau khi sao lưu sẽ được lấy về.</translation>
    </message>
    <message>
        <source>Data passphrase</source>
        <translation>Mật khẩu dữ liệu</translation>
    </message>
    <message>
        <source>Restore this backup</source>
        <translation>Khôi phục bản sao lưu này</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy bỏ</translation>
    </message>
    <message>
        <source>Restore anyway</source>
        <translation>Vẫn khôi phục</translation>
    </message>
</context>
<context>
    <name>RoleForm</name>
    <message>
        <source>Change the role</source>
        <translation>Đổi vai trò</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
</context>
<context>
    <name>ScreeningDialog</name>
    <message>
        <source>Screening before the dose: {name}</source>
        <translation>Khám sàng lọc trước tiêm: {name}</translation>
    </message>
    <message>
        <source>Save screening</source>
        <translation>Lưu kết quả khám sàng lọc</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy bỏ</translation>
    </message>
    <message>
        <source>Tick every item that applies:</source>
        <translation>Đánh dấu mọi mục có:</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Scan the ID card, or type an ID number, phone or name</source>
        <translation>Quét căn cước, hoặc gõ số giấy tờ, số điện thoại, tên</translation>
    </message>
    <message>
        <source>Search for a person</source>
        <translation>Tìm người</translation>
    </message>
    <message>
        <source>People found</source>
        <translation>Những người tìm thấy</translation>
    </message>
    <message>
        <source>Names without accents, in any order.</source>
        <translation>Tên gõ không dấu cũng được, thứ tự tùy ý.</translation>
    </message>
    <message>
        <source>Names without accents, in any order.  Ctrl+N: new person.</source>
        <translation>Tên gõ không dấu cũng được, thứ tự tùy ý.  Ctrl+N: người mới.</translation>
    </message>
    <message>
        <source>Searching the central platform…</source>
        <translation>Đang tìm trên hệ thống trung tâm…</translation>
    </message>
    <message>
        <source>Enter: record a dose for the selected person.  Ctrl+N: new person.</source>
        <translation>Enter: ghi mũi tiêm cho người được chọn.  Ctrl+N: người mới.</translation>
    </message>
    <message>
        <source>Nobody found.</source>
        <translation>Không tìm thấy ai.</translation>
    </message>
    <message>
        <source>Nobody found. Enter or Ctrl+N: register a new person.</source>
        <translation>Không tìm thấy. Enter hoặc Ctrl+N: đăng ký người mới.</translation>
    </message>
    <message numerus="yes">
        <source>Bring this person with their %n dose(s) from other sites</source>
        <translation>
            <numerusform>Lấy hồ sơ người này cùng %n mũi đã tiêm ở điểm tiêm khác</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>Set up this vaccination site</source>
        <translation>Thiết lập điểm tiêm</translation>
    </message>
    <message>
        <source>Site settings</source>
        <translation>Thông tin điểm tiêm</translation>
    </message>
    <message>
        <source>e.g. 79-00123</source>
        <translation>vd. 79-00123</translation>
    </message>
    <message>
        <source>e.g. Trạm Y tế Phường Láng</source>
        <translation>vd. Trạm Y tế Phường Láng</translation>
    </message>
    <message>
        <source>Type to search, e.g. ha noi</source>
        <translation>Gõ để tìm, vd. ha noi</translation>
    </message>
    <message>
        <source>Choose the province first</source>
        <translation>Chọn tỉnh/thành phố trước</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Hủy bỏ (Esc)</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Điểm tiêm</translation>
    </message>
    <message>
        <source>Site code</source>
        <translation>Mã điểm tiêm</translation>
    </message>
    <message>
        <source>Site name</source>
        <translation>Tên điểm tiêm</translation>
    </message>
    <message>
        <source>Province / city</source>
        <translation>Tỉnh / thành phố</translation>
    </message>
    <message>
        <source>Commune / ward</source>
        <translation>Xã / phường</translation>
    </message>
    <message>
        <source>Only a supervisor can change the site.</source>
        <translation>Chỉ người giám sát mới được đổi thông tin điểm tiêm.</translation>
    </message>
    <message>
        <source>Today's defaults</source>
        <translation>Mặc định trong ngày</translation>
    </message>
    <message>
        <source>Vaccine</source>
        <translation>Vắc xin</translation>
    </message>
    <message>
        <source>Lot number</source>
        <translation>Số lô</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>Hạn sử dụng</translation>
    </message>
    <message>
        <source>Vaccinator</source>
        <translation>Người tiêm</translation>
    </message>
    <message>
        <source>Enter in the last field saves.</source>
        <translation>Nhấn Enter ở ô cuối cùng để lưu.</translation>
    </message>
    <message>
        <source>Try with demo data</source>
        <translation>Dùng thử với dữ liệu mẫu</translation>
    </message>
    <message>
        <source>Welcome to VaxDesk. Enter this site's details once; you can change them later.</source>
        <translation>Chào mừng đến với VaxDesk. Nhập thông tin điểm tiêm một lần; có thể sửa lại sau.</translation>
    </message>
    <message>
        <source>Type to search, e.g. lang</source>
        <translation>Gõ để tìm, vd. lang</translation>
    </message>
    <message>
        <source>Choose the vaccine this lot number belongs to.</source>
        <translation>Chọn vắc xin của số lô này.</translation>
    </message>
    <message>
        <source>Choose the province first, then its commune or ward.</source>
        <translation>Chọn tỉnh/thành phố trước, sau đó chọn xã/phường.</translation>
    </message>
    <message>
        <source>Choose the province or city.</source>
        <translation>Chọn tỉnh hoặc thành phố.</translation>
    </message>
    <message>
        <source>Choose the commune or ward.</source>
        <translation>Chọn xã hoặc phường.</translation>
    </message>
    <message>
        <source>Quit VaxDesk?</source>
        <translation>Thoát VaxDesk?</translation>
    </message>
    <message>
        <source>Doses cannot be recorded until this site is set up. Quit now?</source>
        <translation>Chưa thể ghi nhận mũi tiêm khi chưa thiết lập điểm tiêm. Thoát ngay?</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
    <message>
        <source>Continue setup</source>
        <translation>Tiếp tục thiết lập</translation>
    </message>
</context>
<context>
    <name>SexCombo</name>
    <message>
        <source>Male</source>
        <translation>Nam</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Nữ</translation>
    </message>
</context>
<context>
    <name>SiteStatusBar</name>
    <message>
        <source>Records not yet on the central platform: people and doses, each new or corrected one counted once.</source>
        <translation>Số bản ghi chưa lên hệ thống trung tâm: người được tiêm và mũi tiêm, mỗi bản ghi mới hoặc đã sửa tính một lần.</translation>
    </message>
    <message numerus="yes">
        <source>Waiting to upload: %Ln</source>
        <translation>
            <numerusform>Chờ đồng bộ: %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rejected: %Ln</source>
        <translation>
            <numerusform>Bị từ chối: %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Conflicts: %Ln</source>
        <translation>
            <numerusform>Xung đột: %Ln</numerusform>
        </translation>
    </message>
    <message>
        <source>Last sync: never</source>
        <translation>Chưa đồng bộ lần nào</translation>
    </message>
    <message>
        <source>Demo: sync is off</source>
        <translation>Dữ liệu mẫu: không đồng bộ</translation>
    </message>
    <message>
        <source>Sample data: its records shown as synced, and its last sync, were made up with it. The demo never sends anything to a central platform.</source>
        <translation>Dữ liệu mẫu: các bản ghi hiện là đã đồng bộ và lần đồng bộ gần nhất đều được tạo cùng dữ liệu mẫu. Bản dùng thử không bao giờ gửi gì lên hệ thống trung tâm.</translation>
    </message>
    <message>
        <source>Central platform not set up</source>
        <translation>Chưa cấu hình hệ thống trung tâm</translation>
    </message>
    <message>
        <source>Checking the connection…</source>
        <translation>Đang kiểm tra kết nối…</translation>
    </message>
    <message>
        <source>Access code refused</source>
        <translation>Mã truy cập bị từ chối</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Trực tuyến</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Mất kết nối</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Đang đồng bộ…</translation>
    </message>
    <message>
        <source>Check the laptop's clock!</source>
        <translation>Kiểm tra đồng hồ của máy!</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>Sync stopped.</source>
        <translation>Đã dừng đồng bộ.</translation>
    </message>
</context>
<context>
    <name>SyncScreen</name>
    <message>
        <source>Sync now</source>
        <translation>Đồng bộ ngay</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Bản ghi</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Vấn đề</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Thay đổi lúc</translation>
    </message>
    <message>
        <source>Open record to fix…</source>
        <translation>Mở hồ sơ để sửa…</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Gửi lại</translation>
    </message>
    <message>
        <source>Central platform address</source>
        <translation>Địa chỉ hệ thống trung tâm</translation>
    </message>
    <message>
        <source>Site access code</source>
        <translation>Mã truy cập của điểm tiêm</translation>
    </message>
    <message>
        <source>Sync with the central platform</source>
        <translation>Đồng bộ với hệ thống trung tâm</translation>
    </message>
    <message>
        <source>Records that need you</source>
        <translation>Hồ sơ cần bạn xử lý</translation>
    </message>
    <message>
        <source>Only a supervisor changes the connection settings.</source>
        <translation>Chỉ người giám sát mới được đổi cài đặt kết nối.</translation>
    </message>
    <message>
        <source>Discard the connection settings?</source>
        <translation>Bỏ thông tin kết nối vừa nhập?</translation>
    </message>
    <message>
        <source>The central platform's address or access code typed in Sync has not been saved. Discard it?</source>
        <translation>Địa chỉ hệ thống trung tâm hoặc mã truy cập vừa nhập ở mục Đồng bộ chưa được lưu. Bỏ thông tin này?</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Bỏ</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Tiếp tục nhập</translation>
    </message>
    <message>
        <source>Sync settings</source>
        <translation>Cài đặt đồng bộ</translation>
    </message>
    <message>
        <source>Enter the central platform's address (starting with https://) and the site's access code.</source>
        <translation>Nhập địa chỉ hệ thống trung tâm (bắt đầu bằng https://) và mã truy cập của điểm tiêm.</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Đã lưu cài đặt.</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Đang đồng bộ…</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Xung đột</translation>
    </message>
    <message>
        <source>Rejected by the central platform</source>
        <translation>Bị hệ thống trung tâm từ chối</translation>
    </message>
    <message>
        <source>Save connection settings</source>
        <translation>Lưu cài đặt kết nối</translation>
    </message>
    <message>
        <source>Nothing to fix: no record was rejected or is in conflict.</source>
        <translation>Không có gì cần xử lý: không có hồ sơ nào bị từ chối hay đang xung đột.</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Người được tiêm</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>Mũi tiêm</translation>
    </message>
    <message>
        <source>Only a supervisor sends records again or settles conflicts.</source>
        <translation>Chỉ người giám sát mới được gửi lại hồ sơ hoặc giải quyết xung đột.</translation>
    </message>
    <message>
        <source>Send this laptop's version to the central platform, replacing the central change?</source>
        <translation>Gửi bản trên máy này lên hệ thống trung tâm, thay cho thay đổi trên hệ thống trung tâm?</translation>
    </message>
    <message>
        <source>Replace this laptop's version with the central platform's?</source>
        <translation>Thay bản trên máy này bằng bản của hệ thống trung tâm?</translation>
    </message>
    <message>
        <source>Resolve conflict</source>
        <translation>Giải quyết xung đột</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Có</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Không</translation>
    </message>
</context>
<context>
    <name>TodayPanel</name>
    <message>
        <source>Today</source>
        <translation>Hôm nay</translation>
    </message>
    <message>
        <source>Set for today</source>
        <translation>Đặt cho hôm nay</translation>
    </message>
    <message>
        <source>Vaccine</source>
        <translation>Vắc xin</translation>
    </message>
    <message>
        <source>Lot number</source>
        <translation>Số lô</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>Hạn sử dụng</translation>
    </message>
    <message>
        <source>Vaccinator</source>
        <translation>Người tiêm</translation>
    </message>
    <message>
        <source>Discard today's changes?</source>
        <translation>Bỏ thông tin vừa nhập cho hôm nay?</translation>
    </message>
    <message>
        <source>The vaccine, lot or vaccinator typed for today has not been set. Discard it?</source>
        <translation>Vắc xin, số lô hoặc người tiêm vừa nhập cho hôm nay chưa được đặt. Bỏ thông tin này?</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Bỏ</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Tiếp tục nhập</translation>
    </message>
    <message>
        <source>Not set for today: choose the vaccine, lot and vaccinator, then Set for today.</source>
        <translation>Chưa đặt cho hôm nay: chọn vắc xin, số lô và người tiêm, rồi bấm Đặt cho hôm nay.</translation>
    </message>
    <message>
        <source>expires {date}</source>
        <translation>hạn {date}</translation>
    </message>
    <message>
        <source>expiry not recorded</source>
        <translation>chưa ghi hạn sử dụng</translation>
    </message>
    <message>
        <source>Today: {product} · lot {lot} ({expiry}) · {who}</source>
        <translation>Hôm nay: {product} · lô {lot} ({expiry}) · {who}</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>VaxDesk: database passphrase</source>
        <translation>VaxDesk: mật khẩu dữ liệu</translation>
    </message>
    <message>
        <source>This laptop's records are encrypted. Choose a passphrase for them: every start asks for it, and without it nobody (you included) can read the records. Keep it where the site manager can find it.</source>
        <translation>Dữ liệu trên máy này được mã hóa. Hãy đặt mật khẩu cho dữ liệu: mỗi lần mở ứng dụng đều cần nhập, và không có mật khẩu thì không ai (kể cả bạn) đọc được dữ liệu. Hãy cất mật khẩu ở nơi người quản lý điểm tiêm tìm được.</translation>
    </message>
    <message>
        <source>Enter the passphrase of this site's database.</source>
        <translation>Nhập mật khẩu dữ liệu của điểm tiêm.</translation>
    </message>
    <message>
        <source>There is no database at this path. If the site's records should be here, check the path and choose Quit; Create makes a new, empty database here.</source>
        <translation>Không có cơ sở dữ liệu nào ở đường dẫn này. Nếu dữ liệu của điểm tiêm phải ở đây, hãy kiểm tra lại đường dẫn và chọn Thoát; “Tạo” sẽ tạo một cơ sở dữ liệu mới, trống ở đây.</translation>
    </message>
    <message>
        <source>Remember on this computer (the system's keyring)</source>
        <translation>Ghi nhớ trên máy tính này (kho khóa của hệ điều hành)</translation>
    </message>
    <message>
        <source>Database passphrase</source>
        <translation>Mật khẩu dữ liệu</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>Nhập lại</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Tạo</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Mở</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
    <message>
        <source>Try with demo data</source>
        <translation>Dùng thử với dữ liệu mẫu</translation>
    </message>
    <message>
        <source>Restore a backup…</source>
        <translation>Khôi phục bản sao lưu…</translation>
    </message>
    <message>
        <source>The first start stopped before the site was set up, so nothing is recorded in this database yet. If the passphrase chosen then is forgotten, start again and choose a new one.</source>
        <translation>Lần khởi động đầu tiên đã dừng trước khi cài đặt điểm tiêm, nên cơ sở dữ liệu này chưa có hồ sơ nào. Nếu quên mật khẩu đã chọn lúc đó, hãy bắt đầu lại và chọn mật khẩu mới.</translation>
    </message>
    <message>
        <source>Start again</source>
        <translation>Bắt đầu lại</translation>
    </message>
    <message>
        <source>Delete this empty database and choose a new passphrase?</source>
        <translation>Xóa cơ sở dữ liệu trống này và chọn mật khẩu mới?</translation>
    </message>
    <message>
        <source>Delete and start again</source>
        <translation>Xóa và bắt đầu lại</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy bỏ</translation>
    </message>
    <message>
        <source>Choose the backup to restore</source>
        <translation>Chọn bản sao lưu cần khôi phục</translation>
    </message>
    <message>
        <source>VaxDesk backups (*.bak-* *.before-restore-*);;All files (*)</source>
        <translation>Bản sao lưu VaxDesk (*.bak-* *.before-restore-*);;Mọi tệp (*)</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>Check a certificate</source>
        <translation>Kiểm tra chứng nhận</translation>
    </message>
    <message>
        <source>Scan the QR code or paste the text starting with HC1:</source>
        <translation>Quét mã QR hoặc dán đoạn văn bản bắt đầu bằng HC1:</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Kiểm tra</translation>
    </message>
    <message>
        <source>Open image or PDF…</source>
        <translation>Mở ảnh hoặc PDF…</translation>
    </message>
    <message>
        <source>Open a certificate</source>
        <translation>Mở chứng nhận</translation>
    </message>
    <message>
        <source>Certificates (*.pdf *.png *.jpg *.jpeg)</source>
        <translation>Chứng nhận (*.pdf *.png *.jpg *.jpeg)</translation>
    </message>
    <message numerus="yes">
        <source>This file holds %n certificate(s), each checked below.</source>
        <translation>
            <numerusform>Tệp này có %n chứng nhận, kết quả kiểm tra từng chứng nhận ở bên dưới.</numerusform>
        </translation>
    </message>
    <message>
        <source>Certificate %1 of %2:</source>
        <translation>Chứng nhận %1/%2:</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Void this dose</source>
        <translation>Đánh dấu mũi tiêm này là nhập nhầm</translation>
    </message>
    <message>
        <source>The dose stays in the records, marked as entered in error, and the central platform is told. Record the correct dose separately if one was given.</source>
        <translation>Mũi tiêm vẫn được giữ trong danh sách, đánh dấu là nhập nhầm, và hệ thống trung tâm sẽ được thông báo. Nếu đã tiêm mũi đúng, hãy ghi nhận mũi đó riêng.</translation>
    </message>
    <message>
        <source>Why is this dose wrong?</source>
        <translation>Vì sao mũi tiêm này sai?</translation>
    </message>
    <message>
        <source>Given to another person (the wrong record was picked)</source>
        <translation>Đã tiêm cho người khác (chọn nhầm hồ sơ)</translation>
    </message>
    <message>
        <source>Void the dose</source>
        <translation>Đánh dấu nhập nhầm</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>Lý do (bắt buộc)</translation>
    </message>
    <message>
        <source>A reason is required to void a dose.</source>
        <translation>Cần nhập lý do đánh dấu mũi tiêm là nhập nhầm.</translation>
    </message>
    <message>
        <source>Certificates revoked</source>
        <translation>Chứng nhận đã bị thu hồi</translation>
    </message>
</context>
<context>
    <name>_Card</name>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>Số giấy tờ</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Số điện thoại</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Nam</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Nữ</translation>
    </message>
</context>
<context>
    <name>_CorrectionDialog</name>
    <message>
        <source>Save correction</source>
        <translation>Lưu thay đổi</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy bỏ</translation>
    </message>
    <message>
        <source>Certificates revoked</source>
        <translation>Chứng nhận đã bị thu hồi</translation>
    </message>
</context>
<context>
    <name>_Cover</name>
    <message>
        <source>Locked.</source>
        <translation>Đang khóa.</translation>
    </message>
</context>
<context>
    <name>_Hits</name>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>Số giấy tờ</translation>
    </message>
    <message>
        <source>Last dose</source>
        <translation>Mũi gần nhất</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Số điện thoại</translation>
    </message>
    <message>
        <source>The record linked now</source>
        <translation>Hồ sơ đang được gắn</translation>
    </message>
</context>
<context>
    <name>dialogs</name>
    <message>
        <source>Discard what was typed?</source>
        <translation>Bỏ nội dung đã nhập?</translation>
    </message>
    <message>
        <source>What you typed here has not been saved. Discard it?</source>
        <translation>Nội dung bạn nhập ở đây chưa được lưu. Bỏ nội dung này?</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Bỏ</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Tiếp tục nhập</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy bỏ</translation>
    </message>
    <message>
        <source>Check before saving</source>
        <translation>Kiểm tra trước khi lưu</translation>
    </message>
    <message>
        <source>Save anyway?</source>
        <translation>Vẫn lưu?</translation>
    </message>
    <message>
        <source>Save anyway</source>
        <translation>Vẫn lưu</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>Quay lại sửa</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>{name} exists already. Replace it?</source>
        <translation>Đã có tệp {name}. Ghi đè lên tệp đó?</translation>
    </message>
    <message>
        <source>Replace the file</source>
        <translation>Ghi đè</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Giữ tệp cũ</translation>
    </message>
</context>
<context>
    <name>merge</name>
    <message>
        <source>Split the merged records?</source>
        <translation>Tách lại hai hồ sơ đã gộp?</translation>
    </message>
    <message>
        <source>The doses the merge moved go back to the record it folded, which stands on its own again; doses recorded since stay where they are. Certificates printed for the kept record since the merge are revoked.</source>
        <translation>Các mũi tiêm đã chuyển khi gộp sẽ trở về hồ sơ đã bị gộp, hồ sơ này đứng riêng trở lại; các mũi ghi sau lần gộp vẫn giữ nguyên. Các chứng nhận in cho hồ sơ giữ lại từ lần gộp đến nay sẽ bị thu hồi.</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Tách</translation>
    </message>
    <message>
        <source>Do not split</source>
        <translation>Không tách</translation>
    </message>
</context>
</TS>