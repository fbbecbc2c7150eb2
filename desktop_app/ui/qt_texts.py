"""Qt's own words in Vietnamese: its file and print dialogs, the buttons its dialogs share,
the right-click menus of text fields and scroll bars.

Qt ships no Vietnamese (there is no qtbase_vi), so its dialogs spoke English inside the
Vietnamese app: "Look in", "File name", "Files of type", "Save", "Cancel", the file list's
"Name, Size, Type, Date Modified", its overwrite question, the whole print dialog. Qt asks for
each text with its own tr(), in its own context ("QFileDialog", "QPlatformTheme", …), of every
translator installed, ours (``i18n.set_language``) included. So the texts are listed here,
exactly as Qt 6 writes them: pyside6-lupdate reads QT_TRANSLATE_NOOP as it reads our tr(),
``scripts/update_translations.py`` puts them in vaxdesk_vi.ts under Qt's contexts with their
Vietnamese from vi_glossary.json (a "Context::source" key where the same English is another
word on our screens: a file's "Name" is not a person's), and Qt finds them in our .qm.

That covers a dialog whole (labels, buttons, tool tips, column headers, menus, questions);
labelling a file dialog ourselves (``setLabelText``) reached five of its texts and no print
dialog. A native dialog (Windows) speaks the system's language by itself. Nothing here is
called: Qt asks; ``QT_TEXTS`` lets the tests check that each one has its Vietnamese.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

QT_TEXTS: dict[str, tuple[str, ...]] = {
    # The file dialog: labels, buttons, tool tips, questions, the file list's columns, places
    # and kinds; then the buttons all of Qt's dialogs share, and a message box's details.
    "QFileDialog": (
        QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
        QT_TRANSLATE_NOOP("QFileDialog", "File &name:"),
        QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
        QT_TRANSLATE_NOOP("QFileDialog", "Directory:"),
        QT_TRANSLATE_NOOP("QFileDialog", "&Open"),
        QT_TRANSLATE_NOOP("QFileDialog", "&Save"),
        QT_TRANSLATE_NOOP("QFileDialog", "&Choose"),
        QT_TRANSLATE_NOOP("QFileDialog", "Open"),
        QT_TRANSLATE_NOOP("QFileDialog", "Save As"),
        QT_TRANSLATE_NOOP("QFileDialog", "Find Directory"),
        QT_TRANSLATE_NOOP("QFileDialog", "All Files (*)"),
        QT_TRANSLATE_NOOP("QFileDialog", "All files (*)"),
        QT_TRANSLATE_NOOP("QFileDialog", "Directories"),
        QT_TRANSLATE_NOOP("QFileDialog", "Files"),
        QT_TRANSLATE_NOOP("QFileDialog", "Back"),
        QT_TRANSLATE_NOOP("QFileDialog", "Go back"),
        QT_TRANSLATE_NOOP("QFileDialog", "Forward"),
        QT_TRANSLATE_NOOP("QFileDialog", "Go forward"),
        QT_TRANSLATE_NOOP("QFileDialog", "Parent Directory"),
        QT_TRANSLATE_NOOP("QFileDialog", "Go to the parent directory"),
        QT_TRANSLATE_NOOP("QFileDialog", "Create New Folder"),
        QT_TRANSLATE_NOOP("QFileDialog", "Create a New Folder"),
        QT_TRANSLATE_NOOP("QFileDialog", "List View"),
        QT_TRANSLATE_NOOP("QFileDialog", "Change to list view mode"),
        QT_TRANSLATE_NOOP("QFileDialog", "Detail View"),
        QT_TRANSLATE_NOOP("QFileDialog", "Change to detail view mode"),
        QT_TRANSLATE_NOOP("QFileDialog", "Sidebar"),
        QT_TRANSLATE_NOOP("QFileDialog", "List of places and bookmarks"),
        QT_TRANSLATE_NOOP("QFileDialog", "Recent Places"),
        QT_TRANSLATE_NOOP("QFileDialog", "Remove"),
        QT_TRANSLATE_NOOP("QFileDialog", "&Rename"),
        QT_TRANSLATE_NOOP("QFileDialog", "&Delete"),
        QT_TRANSLATE_NOOP("QFileDialog", "Delete"),
        QT_TRANSLATE_NOOP("QFileDialog", "Show &hidden files"),
        QT_TRANSLATE_NOOP("QFileDialog", "&New Folder"),
        QT_TRANSLATE_NOOP("QFileDialog", "New Folder"),
        QT_TRANSLATE_NOOP("QFileDialog", "Show "),
        QT_TRANSLATE_NOOP("QFileDialog", "%1 already exists.\nDo you want to replace it?"),
        QT_TRANSLATE_NOOP("QFileDialog", "%1\n"
                                         "File not found.\n"
                                         "Please verify the correct file name was given."),
        QT_TRANSLATE_NOOP("QFileDialog", "%1\n"
                                         "Directory not found.\n"
                                         "Please verify the correct directory name was given."),
        QT_TRANSLATE_NOOP("QFileDialog", "'%1' is write protected.\n"
                                         "Do you want to delete it anyway?"),
        QT_TRANSLATE_NOOP("QFileDialog", "Are you sure you want to delete '%1'?"),
        QT_TRANSLATE_NOOP("QFileDialog", "Could not delete directory."),
    ),
    "QFileSystemModel": (
        QT_TRANSLATE_NOOP("QFileSystemModel", "Name"),
        QT_TRANSLATE_NOOP("QFileSystemModel", "Size"),
        QT_TRANSLATE_NOOP("QFileSystemModel", "Type"),
        QT_TRANSLATE_NOOP("QFileSystemModel", "Date Modified"),
        QT_TRANSLATE_NOOP("QFileSystemModel", "Computer"),
    ),
    "QAbstractFileIconProvider": (
        QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Folder"),
        QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "File"),
        QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Drive"),
        QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Shortcut"),
        QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Unknown"),
    ),
    "QPlatformTheme": (
        QT_TRANSLATE_NOOP("QPlatformTheme", "OK"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "Cancel"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "Open"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "Save"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "Save All"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "Close"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "Apply"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "Reset"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "Restore Defaults"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "Help"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "Discard"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "&Yes"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "Yes to &All"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "&No"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "N&o to All"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "Abort"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "Retry"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "Ignore"),
    ),
    "QMessageBox": (
        QT_TRANSLATE_NOOP("QMessageBox", "Show Details..."),
        QT_TRANSLATE_NOOP("QMessageBox", "Hide Details..."),
    ),
    # The print dialog, its options and the printer's properties (paper, the CUPS job).
    "QPrintDialog": (
        QT_TRANSLATE_NOOP("QPrintDialog", "Print"),
        QT_TRANSLATE_NOOP("QPrintDialog", "&Print"),
        QT_TRANSLATE_NOOP("QPrintDialog", "&Options >>"),
        QT_TRANSLATE_NOOP("QPrintDialog", "&Options <<"),
        QT_TRANSLATE_NOOP("QPrintDialog", "All Pages"),
        QT_TRANSLATE_NOOP("QPrintDialog", "Odd Pages"),
        QT_TRANSLATE_NOOP("QPrintDialog", "Even Pages"),
        QT_TRANSLATE_NOOP("QPrintDialog", "Print to File (PDF)"),
        QT_TRANSLATE_NOOP("QPrintDialog", "Print To File ..."),
        QT_TRANSLATE_NOOP("QPrintDialog", "Local file"),
        QT_TRANSLATE_NOOP("QPrintDialog", "Write PDF file"),
        QT_TRANSLATE_NOOP("QPrintDialog", "%1 already exists.\nDo you want to overwrite it?"),
        QT_TRANSLATE_NOOP("QPrintDialog", "%1 is a directory.\n"
                                          "Please choose a different file name."),
        QT_TRANSLATE_NOOP("QPrintDialog", "File %1 is not writable.\n"
                                          "Please choose a different file name."),
        QT_TRANSLATE_NOOP("QPrintDialog", "Invalid Pages Definition"),
        QT_TRANSLATE_NOOP("QPrintDialog", "%1 does not follow the correct syntax. Please use "
                                          "',' to separate ranges and pages, '-' to define "
                                          "ranges and make sure ranges do not intersect with "
                                          "each other."),
        QT_TRANSLATE_NOOP("QPrintDialog", "Duplex Settings Conflicts"),
        QT_TRANSLATE_NOOP("QPrintDialog", "There are conflicts in duplex settings. Do you want "
                                          "to fix them?"),
        QT_TRANSLATE_NOOP("QPrintDialog", "Options 'Pages Per Sheet' and 'Page Set' cannot be "
                                          "used together.\n"
                                          "Please turn one of those options off."),
        QT_TRANSLATE_NOOP("QPrintDialog", "Left to Right, Top to Bottom"),
        QT_TRANSLATE_NOOP("QPrintDialog", "Left to Right, Bottom to Top"),
        QT_TRANSLATE_NOOP("QPrintDialog", "Right to Left, Bottom to Top"),
        QT_TRANSLATE_NOOP("QPrintDialog", "Right to Left, Top to Bottom"),
        QT_TRANSLATE_NOOP("QPrintDialog", "Bottom to Top, Left to Right"),
        QT_TRANSLATE_NOOP("QPrintDialog", "Bottom to Top, Right to Left"),
        QT_TRANSLATE_NOOP("QPrintDialog", "Top to Bottom, Left to Right"),
        QT_TRANSLATE_NOOP("QPrintDialog", "Top to Bottom, Right to Left"),
    ),
    "QPrintWidget": (
        QT_TRANSLATE_NOOP("QPrintWidget", "Form"),
        QT_TRANSLATE_NOOP("QPrintWidget", "Printer"),
        QT_TRANSLATE_NOOP("QPrintWidget", "&Name:"),
        QT_TRANSLATE_NOOP("QPrintWidget", "P&roperties"),
        QT_TRANSLATE_NOOP("QPrintWidget", "Location:"),
        QT_TRANSLATE_NOOP("QPrintWidget", "Preview"),
        QT_TRANSLATE_NOOP("QPrintWidget", "Type:"),
        QT_TRANSLATE_NOOP("QPrintWidget", "Output &file:"),
    ),
    "QPrintSettingsOutput": (
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Form"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Copies"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Copies:"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Collate"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Reverse"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Print range"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Print all"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Pages from"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "to"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Pages"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Specify pages or ranges separated by "
                                                  "commas. Ranges are specified by two numbers "
                                                  "separated by a hyphen. E.g: 3,5-7,9 prints "
                                                  "pages 3, 5, 6, 7 and 9."),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Current Page"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Selection"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Page &Set:"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Output Settings"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Options"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Color Mode"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Color"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Grayscale"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Double Sided Printing"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Off"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Long side binding"),
        QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Short side binding"),
    ),
    "QPrintPropertiesDialog": (
        QT_TRANSLATE_NOOP("QPrintPropertiesDialog", "Printer Properties"),
        QT_TRANSLATE_NOOP("QPrintPropertiesDialog", "Job Options"),
        QT_TRANSLATE_NOOP("QPrintPropertiesDialog", "Page Setup Conflicts"),
        QT_TRANSLATE_NOOP("QPrintPropertiesDialog", "There are conflicts in page setup "
                                                    "options. Do you want to fix them?"),
        QT_TRANSLATE_NOOP("QPrintPropertiesDialog", "Advanced Option Conflicts"),
        QT_TRANSLATE_NOOP("QPrintPropertiesDialog", "There are conflicts in some advanced "
                                                    "options. Do you want to fix them?"),
    ),
    "QPrintPropertiesWidget": (
        QT_TRANSLATE_NOOP("QPrintPropertiesWidget", "Form"),
        QT_TRANSLATE_NOOP("QPrintPropertiesWidget", "Page"),
        QT_TRANSLATE_NOOP("QPrintPropertiesWidget", "Advanced"),
        QT_TRANSLATE_NOOP("QPrintPropertiesWidget", "There are conflicts in some options. "
                                                    "Please fix them."),
    ),
    "QPageSetupWidget": (
        QT_TRANSLATE_NOOP("QPageSetupWidget", "Form"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "Paper"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "Page size:"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "Width:"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "Height:"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "Paper source:"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "Orientation"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "Portrait"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "Landscape"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "Reverse landscape"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "Reverse portrait"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "Margins"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "top margin"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "bottom margin"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "left margin"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "right margin"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "Page Layout"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "Page &order:"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "Pages &per sheet:"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "Custom"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "Millimeters (mm)"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "Points (pt)"),
        QT_TRANSLATE_NOOP("QPageSetupWidget", "Inches (in)"),
    ),
    "QCupsJobWidget": (
        QT_TRANSLATE_NOOP("QCupsJobWidget", "Job"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "Job Control"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "Scheduled &printing:"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "&Billing information:"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "Job &priority:"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "Banner Pages"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "&Start:"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "&End:"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "Print Immediately"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "Hold Indefinitely"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "Day (06:00 to 17:59)"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "Night (18:00 to 05:59)"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "Second Shift (16:00 to 23:59)"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "Third Shift (00:00 to 07:59)"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "Weekend (Saturday to Sunday)"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "Specific Time"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "None"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "Standard"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "Unclassified"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "Confidential"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "Classified"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "Secret"),
        QT_TRANSLATE_NOOP("QCupsJobWidget", "Top Secret"),
    ),
    "QCupsPrinterSupport": (
        QT_TRANSLATE_NOOP("QCupsPrinterSupport", "Authentication Needed"),
        QT_TRANSLATE_NOOP("QCupsPrinterSupport", "Authentication needed to use %1."),
        QT_TRANSLATE_NOOP("QCupsPrinterSupport", "Authentication needed to use %1 on %2."),
        QT_TRANSLATE_NOOP("QCupsPrinterSupport", "Username:"),
        QT_TRANSLATE_NOOP("QCupsPrinterSupport", "Password:"),
    ),
    # The right-click menus of every text field, number box and scroll bar.
    "QLineEdit": (
        QT_TRANSLATE_NOOP("QLineEdit", "&Undo"),
        QT_TRANSLATE_NOOP("QLineEdit", "&Redo"),
        QT_TRANSLATE_NOOP("QLineEdit", "Cu&t"),
        QT_TRANSLATE_NOOP("QLineEdit", "&Copy"),
        QT_TRANSLATE_NOOP("QLineEdit", "&Paste"),
        QT_TRANSLATE_NOOP("QLineEdit", "Delete"),
        QT_TRANSLATE_NOOP("QLineEdit", "Select All"),
    ),
    "QWidgetTextControl": (
        QT_TRANSLATE_NOOP("QWidgetTextControl", "&Undo"),
        QT_TRANSLATE_NOOP("QWidgetTextControl", "&Redo"),
        QT_TRANSLATE_NOOP("QWidgetTextControl", "Cu&t"),
        QT_TRANSLATE_NOOP("QWidgetTextControl", "&Copy"),
        QT_TRANSLATE_NOOP("QWidgetTextControl", "Copy &Link Location"),
        QT_TRANSLATE_NOOP("QWidgetTextControl", "&Paste"),
        QT_TRANSLATE_NOOP("QWidgetTextControl", "Delete"),
        QT_TRANSLATE_NOOP("QWidgetTextControl", "Select All"),
    ),
    "QAbstractSpinBox": (
        QT_TRANSLATE_NOOP("QAbstractSpinBox", "&Select All"),
        QT_TRANSLATE_NOOP("QAbstractSpinBox", "&Step up"),
        QT_TRANSLATE_NOOP("QAbstractSpinBox", "Step &down"),
    ),
    "QScrollBar": (
        QT_TRANSLATE_NOOP("QScrollBar", "Scroll here"),
        QT_TRANSLATE_NOOP("QScrollBar", "Top"),
        QT_TRANSLATE_NOOP("QScrollBar", "Bottom"),
        QT_TRANSLATE_NOOP("QScrollBar", "Left edge"),
        QT_TRANSLATE_NOOP("QScrollBar", "Right edge"),
        QT_TRANSLATE_NOOP("QScrollBar", "Page up"),
        QT_TRANSLATE_NOOP("QScrollBar", "Page down"),
        QT_TRANSLATE_NOOP("QScrollBar", "Page left"),
        QT_TRANSLATE_NOOP("QScrollBar", "Page right"),
        QT_TRANSLATE_NOOP("QScrollBar", "Scroll up"),
        QT_TRANSLATE_NOOP("QScrollBar", "Scroll down"),
        QT_TRANSLATE_NOOP("QScrollBar", "Scroll left"),
        QT_TRANSLATE_NOOP("QScrollBar", "Scroll right"),
    ),
}
