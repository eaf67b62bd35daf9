<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="it_IT" sourcelanguage="en_GB">
  <context>
    <name>Affido</name>
    <message>
      <source>&amp;About Affido</source>
      <translation>&amp;Informazioni su Affido</translation>
    </message>
    <message>
      <source>&amp;Edit</source>
      <translation>&amp;Modifica</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>&amp;File</translation>
    </message>
    <message>
      <source>&amp;Find a person</source>
      <translation>&amp;Trova una persona</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>&amp;Aiuto</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>&amp;Esci</translation>
    </message>
    <message>
      <source>&amp;Refresh</source>
      <translation>A&amp;ggiorna</translation>
    </message>
    <message>
      <source>&amp;Tools</source>
      <translation>&amp;Strumenti</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>&amp;Visualizza</translation>
    </message>
    <message>
      <source>1 elder</source>
      <translation>1 anziano</translation>
    </message>
    <message>
      <source>1 fosterer</source>
      <translation>1 affidatario</translation>
    </message>
    <message>
      <source>About Affido</source>
      <translation>Informazioni su Affido</translation>
    </message>
    <message>
      <source>Add…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Affido cannot start</source>
      <translation>Impossibile avviare Affido</translation>
    </message>
    <message>
      <source>Affido {version}
Case management for the “Mi affido a te” daytime foster care programme.</source>
      <translation>Affido {version}
Gestione del progetto di affido diurno di anziani «Mi affido a te».</translation>
    </message>
    <message>
      <source>Affido — Mi affido a te</source>
      <translation>Affido — Mi affido a te</translation>
    </message>
    <message>
      <source>All statuses</source>
      <translation>Tutti gli stati</translation>
    </message>
    <message>
      <source>All towns</source>
      <translation>Tutti i comuni</translation>
    </message>
    <message>
      <source>Any fragility</source>
      <translation>Qualsiasi fragilità</translation>
    </message>
    <message>
      <source>Born</source>
      <translation>Data di nascita</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annulla</translation>
    </message>
    <message>
      <source>Cancelling…</source>
      <translation>Annullamento in corso…</translation>
    </message>
    <message>
      <source>Choose from the calendar</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Clear selection</source>
      <translation>Deseleziona tutto</translation>
    </message>
    <message>
      <source>Click a cell, or use the arrows and the space bar. Click a day to select the whole day.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Close</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Copy birth date, sex and birthplace from the codice fiscale</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Creating the demo database…</source>
      <translation>Creazione del database dimostrativo…</translation>
    </message>
    <message>
      <source>Dashboard</source>
      <translation>Cruscotto</translation>
    </message>
    <message>
      <source>Data refreshed</source>
      <translation>Dati aggiornati</translation>
    </message>
    <message>
      <source>Database: {where}</source>
      <translation>Database: {where}</translation>
    </message>
    <message>
      <source>Days and times</source>
      <translation>Giorni e orari</translation>
    </message>
    <message>
      <source>Days and times ({n})</source>
      <translation>Giorni e orari ({n})</translation>
    </message>
    <message>
      <source>Do you want to save the changes?</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Don't save</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Double-click or press Enter to open the record</source>
      <translation>Doppio clic o Invio per aprire la scheda</translation>
    </message>
    <message>
      <source>Edit…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Elders</source>
      <translation>Anziani</translation>
    </message>
    <message>
      <source>Elders by status</source>
      <translation>Anziani per stato</translation>
    </message>
    <message>
      <source>Elders waiting longest for a match</source>
      <translation>Anziani in attesa di abbinamento da più tempo</translation>
    </message>
    <message>
      <source>Fill in from the code</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Fosterers</source>
      <translation>Affidatari</translation>
    </message>
    <message>
      <source>Fosterers by status</source>
      <translation>Affidatari per stato</translation>
    </message>
    <message>
      <source>Fosterers in selection</source>
      <translation>Affidatari in selezione</translation>
    </message>
    <message>
      <source>Fragility</source>
      <translation>Fragilità</translation>
    </message>
    <message>
      <source>Fragility: at least high</source>
      <translation>Fragilità: elevata</translation>
    </message>
    <message>
      <source>Fragility: at least mild</source>
      <translation>Fragilità: almeno lieve</translation>
    </message>
    <message>
      <source>Fragility: at least moderate</source>
      <translation>Fragilità: almeno moderata</translation>
    </message>
    <message>
      <source>If you do not save them, the changes will be lost.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Interface &amp;language</source>
      <translation>&amp;Lingua dell'interfaccia</translation>
    </message>
    <message>
      <source>Interface language</source>
      <translation>Lingua dell'interfaccia</translation>
    </message>
    <message>
      <source>Mobile: {number}</source>
      <translation>Cellulare: {number}</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Cognome e nome</translation>
    </message>
    <message>
      <source>Name, tax code, phone or town</source>
      <translation>Nome, codice fiscale, telefono o comune</translation>
    </message>
    <message>
      <source>Needs</source>
      <translation>Bisogni</translation>
    </message>
    <message>
      <source>Needs ({n})</source>
      <translation>Bisogni ({n})</translation>
    </message>
    <message>
      <source>New &amp;elder…</source>
      <translation>Nuovo &amp;anziano…</translation>
    </message>
    <message>
      <source>New &amp;fosterer…</source>
      <translation>Nuovo a&amp;ffidatario…</translation>
    </message>
    <message>
      <source>New elder</source>
      <translation>Nuovo anziano</translation>
    </message>
    <message>
      <source>New fosterer</source>
      <translation>Nuovo affidatario</translation>
    </message>
    <message>
      <source>No</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No elder is waiting for a match.</source>
      <translation>Nessun anziano è in attesa di abbinamento.</translation>
    </message>
    <message>
      <source>No elders match the filters</source>
      <translation>Nessun anziano corrisponde ai filtri</translation>
    </message>
    <message>
      <source>No elders yet</source>
      <translation>Nessun anziano registrato</translation>
    </message>
    <message>
      <source>No elders yet: use “New elder” to add the first</source>
      <translation>Nessun anziano registrato: usare «Nuovo anziano» per inserire il primo</translation>
    </message>
    <message>
      <source>No fosterer is in selection.</source>
      <translation>Nessun affidatario è in selezione.</translation>
    </message>
    <message>
      <source>No fosterers match the filters</source>
      <translation>Nessun affidatario corrisponde ai filtri</translation>
    </message>
    <message>
      <source>No fosterers yet</source>
      <translation>Nessun affidatario registrato</translation>
    </message>
    <message>
      <source>No fosterers yet: use “New fosterer” to add the first</source>
      <translation>Nessun affidatario registrato: usare «Nuovo affidatario» per inserire il primo</translation>
    </message>
    <message>
      <source>Nobody found for “{text}”</source>
      <translation>Nessuno trovato per «{text}»</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Apri</translation>
    </message>
    <message>
      <source>Operation not completed</source>
      <translation>Operazione non completata</translation>
    </message>
    <message>
      <source>Operator: {name} ({role})</source>
      <translation>Operatore: {name} ({role})</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>Telefono</translation>
    </message>
    <message>
      <source>Phone: {number}</source>
      <translation>Telefono: {number}</translation>
    </message>
    <message>
      <source>Redo</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Remove</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Required field</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Reset filters</source>
      <translation>Azzera filtri</translation>
    </message>
    <message>
      <source>Save</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Save (Ctrl+S)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Search</source>
      <translation>Cerca</translation>
    </message>
    <message>
      <source>Search a person: name, tax code, phone… (Ctrl+F)</source>
      <translation>Cerca una persona: nome, codice fiscale, telefono… (Ctrl+F)</translation>
    </message>
    <message>
      <source>Show them in the list</source>
      <translation>Mostra nell'elenco</translation>
    </message>
    <message>
      <source>Since</source>
      <translation>Dal</translation>
    </message>
    <message>
      <source>Skills</source>
      <translation>Competenze</translation>
    </message>
    <message>
      <source>Skills ({n})</source>
      <translation>Competenze ({n})</translation>
    </message>
    <message>
      <source>Something went wrong inside Affido. Your open forms are still open: save your work and, if it happens again, send this file to support:
{path}</source>
      <translation>Si è verificato un errore imprevisto in Affido. I moduli aperti restano aperti: salvare il lavoro e, se l'errore si ripete, inviare all'assistenza questo file:
{path}</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Stato</translation>
    </message>
    <message>
      <source>Tax code: {cf}</source>
      <translation>Codice fiscale: {cf}</translation>
    </message>
    <message>
      <source>The list could not be loaded.</source>
      <translation>Non è stato possibile caricare l'elenco.</translation>
    </message>
    <message>
      <source>The new language will be used the next time Affido starts.</source>
      <translation>La nuova lingua sarà usata al prossimo avvio di Affido.</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>Totale</translation>
    </message>
    <message>
      <source>Town</source>
      <translation>Comune</translation>
    </message>
    <message>
      <source>Type to search the comune</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Undo</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Unexpected error</source>
      <translation>Errore imprevisto</translation>
    </message>
    <message>
      <source>Unsaved changes</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Yes</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>dd/mm/yyyy</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>dd/mm/yyyy hh:mm</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>shared PostgreSQL database</source>
      <translation>database PostgreSQL condiviso</translation>
    </message>
    <message>
      <source>{name} — {comune} — waiting since {date} ({days} days)</source>
      <translation>{name} — {comune} — in attesa dal {date} ({days} giorni)</translation>
    </message>
    <message>
      <source>{name} — {kind}, {comune}, born {born}</source>
      <translation>{name} — {kind}, {comune}, nato/a il {born}</translation>
    </message>
    <message>
      <source>{name} — {stage} since {date} ({days} days)</source>
      <translation>{name} — {stage} dal {date} ({days} giorni)</translation>
    </message>
    <message>
      <source>{n} elders</source>
      <translation>{n} anziani</translation>
    </message>
    <message>
      <source>{n} fosterers</source>
      <translation>{n} affidatari</translation>
    </message>
    <message>
      <source>{status} since {date}</source>
      <translation>{status} dal {date}</translation>
    </message>
  </context>
</TS>
