package benchdata

// Word lists of the generated clinics: Indian names, cities, common
// outpatient medicines, tests and complaints. Frequencies come from
// repetition in the lists, so searches by a common prefix such as "ram"
// find many patients, as they do at a real reception desk.

var maleNames = []string{
	"Ramesh", "Rajesh", "Suresh", "Mahesh", "Ganesh", "Ramakrishna", "Raman", "Ram", "Ramdas", "Santosh",
	"Sanjay", "Sandeep", "Sachin", "Sunil", "Anil", "Amit", "Ajay", "Vijay", "Vinod", "Vikram",
	"Prakash", "Pradeep", "Prashant", "Pravin", "Rahul", "Rohan", "Rohit", "Nitin", "Nikhil", "Manoj",
	"Mohan", "Mukesh", "Dinesh", "Deepak", "Dilip", "Kiran", "Kishore", "Krishna", "Gopal", "Govind",
	"Harish", "Hemant", "Yogesh", "Umesh", "Naresh", "Arun", "Ashok", "Abhijit", "Tushar", "Shankar",
	"Shivaji", "Shrikant", "Balaji", "Dattatray", "Vitthal", "Pandurang", "Ravindra", "Raju", "Imran", "Salim",
	"Joseph", "Anthony", "Harpreet", "Gurpreet", "Venkatesh", "Srinivas", "Murali", "Karthik", "Arjun", "Aarav",
}

var femaleNames = []string{
	"Ramya", "Rama", "Ramabai", "Sunita", "Sangeeta", "Sarita", "Savita", "Anita", "Anjali", "Archana",
	"Aarti", "Asha", "Usha", "Lata", "Meena", "Meera", "Manisha", "Madhuri", "Pooja", "Priya",
	"Priyanka", "Pallavi", "Prachi", "Neha", "Nisha", "Kavita", "Kalpana", "Kamal", "Jyoti", "Jayashree",
	"Shobha", "Shilpa", "Sneha", "Swati", "Smita", "Suman", "Vaishali", "Vandana", "Varsha", "Rekha",
	"Rupali", "Rohini", "Radha", "Lakshmi", "Parvati", "Gauri", "Geeta", "Sita", "Fatima", "Ayesha",
	"Mary", "Harleen", "Divya", "Deepa", "Lalita", "Sushma", "Yamini", "Bhagyashree", "Tejaswini", "Aditi",
}

var surnames = []string{
	"Patil", "Pawar", "Jadhav", "Shinde", "Deshmukh", "Kulkarni", "Joshi", "Deshpande", "Gaikwad", "More",
	"Chavan", "Kale", "Bhosale", "Salunkhe", "Kadam", "Mane", "Sawant", "Thakur", "Sharma", "Verma",
	"Gupta", "Agarwal", "Singh", "Yadav", "Mishra", "Pandey", "Iyer", "Nair", "Reddy", "Rao",
	"Naidu", "Pillai", "Menon", "Shetty", "Kamath", "Desai", "Shah", "Mehta", "Patel", "Khan",
	"Shaikh", "Pathan", "D'Souza", "Fernandes", "Gill", "Sandhu", "Banerjee", "Mukherjee", "Das", "Ghosh",
	"Ramteke", "Rampure", "Sankpal", "Waghmare", "Londhe", "Kamble", "Sonawane", "Ahire", "Borse", "Wagh",
}

type city struct{ name, state string }

var cities = []city{
	{"Pune", "Maharashtra"}, {"Nashik", "Maharashtra"}, {"Satara", "Maharashtra"}, {"Kolhapur", "Maharashtra"},
	{"Nagpur", "Maharashtra"}, {"Aurangabad", "Maharashtra"}, {"Solapur", "Maharashtra"}, {"Sangli", "Maharashtra"},
	{"Belagavi", "Karnataka"}, {"Hubballi", "Karnataka"}, {"Mysuru", "Karnataka"}, {"Indore", "Madhya Pradesh"},
	{"Surat", "Gujarat"}, {"Vadodara", "Gujarat"}, {"Nanded", "Maharashtra"}, {"Lonavala", "Maharashtra"},
}

type medicine struct {
	name, generic, form, strength, dose, schedule string
	days                                          int16
}

var medicines = []medicine{
	{"Paracetamol 500", "Paracetamol", "tablet", "500 mg", "1 tab", "1-0-1", 5},
	{"Paracetamol 650", "Paracetamol", "tablet", "650 mg", "1 tab", "1-1-1", 3},
	{"Ibuprofen 400", "Ibuprofen", "tablet", "400 mg", "1 tab", "1-0-1", 5},
	{"Amoxicillin 500", "Amoxicillin", "capsule", "500 mg", "1 cap", "1-1-1", 5},
	{"Azithromycin 500", "Azithromycin", "tablet", "500 mg", "1 tab", "1-0-0", 3},
	{"Cefixime 200", "Cefixime", "tablet", "200 mg", "1 tab", "1-0-1", 5},
	{"Ciprofloxacin 500", "Ciprofloxacin", "tablet", "500 mg", "1 tab", "1-0-1", 5},
	{"Metronidazole 400", "Metronidazole", "tablet", "400 mg", "1 tab", "1-1-1", 5},
	{"Pantoprazole 40", "Pantoprazole", "tablet", "40 mg", "1 tab", "1-0-0", 14},
	{"Omeprazole 20", "Omeprazole", "capsule", "20 mg", "1 cap", "1-0-0", 14},
	{"Ranitidine 150", "Ranitidine", "tablet", "150 mg", "1 tab", "1-0-1", 7},
	{"Domperidone 10", "Domperidone", "tablet", "10 mg", "1 tab", "1-1-1", 5},
	{"Ondansetron 4", "Ondansetron", "tablet", "4 mg", "1 tab", "1-0-1", 3},
	{"Cetirizine 10", "Cetirizine", "tablet", "10 mg", "1 tab", "0-0-1", 5},
	{"Levocetirizine 5", "Levocetirizine", "tablet", "5 mg", "1 tab", "0-0-1", 7},
	{"Montelukast 10", "Montelukast", "tablet", "10 mg", "1 tab", "0-0-1", 14},
	{"Salbutamol inhaler", "Salbutamol", "inhaler", "100 mcg", "2 puffs", "SOS", 30},
	{"Metformin 500", "Metformin", "tablet", "500 mg", "1 tab", "1-0-1", 30},
	{"Metformin 1000", "Metformin", "tablet", "1000 mg", "1 tab", "1-0-1", 30},
	{"Glimepiride 1", "Glimepiride", "tablet", "1 mg", "1 tab", "1-0-0", 30},
	{"Amlodipine 5", "Amlodipine", "tablet", "5 mg", "1 tab", "1-0-0", 30},
	{"Telmisartan 40", "Telmisartan", "tablet", "40 mg", "1 tab", "1-0-0", 30},
	{"Losartan 50", "Losartan", "tablet", "50 mg", "1 tab", "1-0-0", 30},
	{"Atorvastatin 10", "Atorvastatin", "tablet", "10 mg", "1 tab", "0-0-1", 30},
	{"Rosuvastatin 10", "Rosuvastatin", "tablet", "10 mg", "1 tab", "0-0-1", 30},
	{"Aspirin 75", "Aspirin", "tablet", "75 mg", "1 tab", "0-1-0", 30},
	{"Clopidogrel 75", "Clopidogrel", "tablet", "75 mg", "1 tab", "0-1-0", 30},
	{"Levothyroxine 50", "Levothyroxine", "tablet", "50 mcg", "1 tab", "1-0-0", 30},
	{"Vitamin D3 60000", "Cholecalciferol", "capsule", "60000 IU", "1 cap", "weekly", 56},
	{"Calcium 500", "Calcium carbonate", "tablet", "500 mg", "1 tab", "0-1-0", 30},
	{"Iron Folic", "Ferrous sulphate + folic acid", "tablet", "100 mg", "1 tab", "0-1-0", 30},
	{"B-Complex", "Vitamin B complex", "capsule", "", "1 cap", "0-1-0", 15},
	{"ORS", "Oral rehydration salts", "powder", "21 g", "1 sachet", "after each stool", 3},
	{"Cough syrup", "Dextromethorphan", "syrup", "100 ml", "10 ml", "1-1-1", 5},
	{"Ambroxol syrup", "Ambroxol", "syrup", "100 ml", "5 ml", "1-1-1", 5},
	{"Diclofenac gel", "Diclofenac", "ointment", "30 g", "apply", "1-0-1", 7},
	{"Mupirocin ointment", "Mupirocin", "ointment", "5 g", "apply", "1-0-1", 7},
	{"Ciprofloxacin eye drops", "Ciprofloxacin", "drops", "5 ml", "1 drop", "1-1-1", 5},
	{"Prednisolone 10", "Prednisolone", "tablet", "10 mg", "1 tab", "1-0-0", 5},
	{"Dicyclomine 10", "Dicyclomine", "tablet", "10 mg", "1 tab", "SOS", 3},
	{"Loperamide 2", "Loperamide", "capsule", "2 mg", "1 cap", "SOS", 2},
	{"Albendazole 400", "Albendazole", "tablet", "400 mg", "1 tab", "single dose", 1},
	{"Doxycycline 100", "Doxycycline", "capsule", "100 mg", "1 cap", "1-0-1", 7},
	{"Fluconazole 150", "Fluconazole", "tablet", "150 mg", "1 tab", "single dose", 1},
	{"Tramadol 50", "Tramadol", "tablet", "50 mg", "1 tab", "SOS", 3},
	{"Insulin glargine", "Insulin glargine", "injection", "100 IU/ml", "10 IU", "0-0-1", 30},
	{"Enalapril 5", "Enalapril", "tablet", "5 mg", "1 tab", "1-0-0", 30},
	{"Furosemide 40", "Furosemide", "tablet", "40 mg", "1 tab", "1-0-0", 7},
	{"Spironolactone 25", "Spironolactone", "tablet", "25 mg", "1 tab", "1-0-0", 30},
	{"Multivitamin", "Multivitamin", "tablet", "", "1 tab", "0-1-0", 30},
}

type labTest struct{ name, kind string }

var labTests = []labTest{
	{"Complete blood count", "blood"}, {"Blood sugar fasting", "blood"}, {"Blood sugar post-prandial", "blood"},
	{"HbA1c", "blood"}, {"Lipid profile", "blood"}, {"Liver function test", "blood"},
	{"Kidney function test", "blood"}, {"Thyroid profile", "blood"}, {"Vitamin D", "blood"},
	{"Urine routine", "urine"}, {"Urine culture", "urine"}, {"Chest X-ray", "x-ray"},
	{"ECG", "ecg"}, {"Ultrasound abdomen", "ultrasound"}, {"Dengue NS1", "blood"},
}

var purposes = []string{
	"fever", "fever and cough", "cold", "headache", "body ache", "stomach pain", "loose motions", "vomiting",
	"follow-up", "follow-up", "follow-up", "diabetes review", "BP check", "BP check", "joint pain", "back pain",
	"skin rash", "sore throat", "breathlessness", "chest pain", "weakness", "dizziness", "ear pain", "eye redness",
	"injury dressing", "report review", "vaccination", "pregnancy check-up", "child fever", "allergy",
}

var diagnoses = []string{
	"Viral fever", "Upper respiratory tract infection", "Acute gastroenteritis", "Type 2 diabetes mellitus",
	"Essential hypertension", "Acid peptic disease", "Migraine", "Lumbar strain", "Osteoarthritis knee",
	"Allergic rhinitis", "Bronchial asthma", "Urinary tract infection", "Iron deficiency anaemia",
	"Hypothyroidism", "Dengue fever (suspected)", "Typhoid fever (suspected)", "Contact dermatitis",
	"Acute pharyngitis", "Conjunctivitis", "Vitamin D deficiency", "Dyslipidaemia", "Tension headache",
}

var allergies = []string{"", "", "", "", "", "", "", "", "Penicillin", "Sulfa drugs", "NSAIDs", "Dust", "Peanuts"}

var bloodGroups = []string{"O+", "O+", "O+", "B+", "B+", "B+", "A+", "A+", "AB+", "O-", "B-", "A-", "AB-", "unknown", "unknown"}

// phonePrefixes are common leading five digits of Indian mobile numbers:
// a prefix search finds several patients in any clinic.
var phonePrefixes = []string{
	"98450", "98220", "98230", "98600", "98812", "99220", "99230", "99700", "94220", "94230",
	"90110", "90220", "97300", "96570", "95520", "88050", "88888", "86000", "77200", "70200",
	"93700", "91580", "89750", "83080", "73500", "62600", "63550", "81490", "80070", "76200",
}

var foodInstructions = []string{"after", "after", "after", "before", "with", "any"}
